// Exact replays for stress failures: a controlled test that `covers` a stress test lends it its schedule.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "course.hpp"
#include "results.hpp"

namespace grader {

// The test process ran and the student's code failed it (fail, timeout, crash): a run a replay helps with.
bool ran_and_failed(const ConfigOutcome& o);

// For every failed run in `tests` (parallel to `specs`) whose test a controlled test of the same list
// covers (TestSpec::covers), when that controlled test found a failing schedule in this run: sets the
// run's covering_replay and its `replay` to `replay_of(controlled test, its failing outcome)`. Runs that
// replay exactly already (their own schedule) are left alone.
void use_covering_replays(const std::vector<const TestSpec*>& specs, std::vector<TestResult>& tests,
                          const std::function<std::string(const TestSpec&, const ConfigOutcome&)>& replay_of);

}  // namespace grader
