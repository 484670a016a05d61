// Repeated gradings of one submission folded into failure counts per (test, configuration).
#include "run_counts.hpp"

#include <fmt/format.h>

#include "scoring.hpp"

namespace grader {

namespace {

int failures_so_far(const ConfigOutcome& o) {
  // A single run's outcome leaves failed_runs at 0: its verdict is the count.
  if (o.runs <= 1) return o.verdict == Verdict::pass ? 0 : 1;
  return o.failed_runs;
}

void merge_outcome(ConfigOutcome& merged, const ConfigOutcome& run) {
  const int runs = merged.runs + 1;
  const int failed = failures_so_far(merged) + (run.verdict == Verdict::pass ? 0 : 1);
  if (merged.verdict == Verdict::pass && run.verdict != Verdict::pass) merged = run;
  merged.runs = runs;
  merged.failed_runs = failed;
}

void merge_lab(LabResult& merged, const LabResult& run) {
  merged.build_s += run.build_s;
  merged.run_s += run.run_s;
  if (merged.build_log.empty()) merged.build_log = run.build_log;
  for (std::size_t t = 0; t < merged.tests.size() && t < run.tests.size(); ++t) {
    auto& configs = merged.tests[t].configs;
    for (std::size_t c = 0; c < configs.size() && c < run.tests[t].configs.size(); ++c) {
      merge_outcome(configs[c], run.tests[t].configs[c]);
    }
  }
}

}  // namespace

void merge_run(SubmissionResult& merged, const SubmissionResult& run) {
  if (merged.error.empty()) merged.error = run.error;
  for (std::size_t l = 0; l < merged.labs.size() && l < run.labs.size(); ++l) merge_lab(merged.labs[l], run.labs[l]);
  score_submission(merged);
}

std::string failed_runs_note(const ConfigOutcome& o) {
  if (o.runs <= 1 || o.failed_runs == 0) return "";
  return fmt::format(" (failed {} of {} runs)", o.failed_runs, o.runs);
}

}  // namespace grader
