// grade --runs N: folds N gradings of one submission into one result that counts failed runs.
#pragma once

#include <string>

#include "results.hpp"

namespace grader {

// Adds run `run` (graded with the same labs and selection as `merged`) to `merged`: every (test, config)
// outcome counts one more run, and one more failed run when it did not pass; the first failing outcome
// seen is kept (its seed replays it). Build and run seconds add up. Rescores `merged`: a test keeps its
// points only when every run of every configuration passed. Outcomes are matched by position.
void merge_run(SubmissionResult& merged, const SubmissionResult& run);

// " (failed 3 of 20 runs)" when `o` was run more than once and failed at least once, else "".
std::string failed_runs_note(const ConfigOutcome& o);

}  // namespace grader
