// Grading one test at a time: a valid results file after every test, a time budget, a clean stop.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "budget.hpp"
#include "pipeline.hpp"
#include "results.hpp"

namespace grader {

struct ProgressiveOptions {
  // The whole run's budget, counted from `start`; nullopt: no limit (repetitions as in course.yaml).
  std::optional<std::chrono::milliseconds> budget;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  // Called before the first test (everything "not run") and after every test, with the result so far
  // (scored) and the reason the tests without outcomes have not run. Must not throw.
  std::function<void(const SubmissionResult&, const std::string& not_run_reason)> on_progress;
  // When it becomes true (a signal handler sets it), the running test finishes and no other starts.
  const std::atomic<bool>* stop = nullptr;
};

struct ProgressiveResult {
  SubmissionResult result;     // scored; tests that did not run have no outcomes (is_not_run)
  bool cut_short = false;      // some selected test did not run
  std::string not_run_reason;  // why, for the exporters
};

// Grades the selected tests of `labs` (base.only, base.config) one by one, in course order. Each test's
// repetitions are planned so that the rest still fits in the budget (see plan_test); a lab whose first
// test shows that nothing can run (not submitted, forbidden API, does not compile) gets its other tests
// in one step. Never throws for problems of the submission (as grade_submission).
ProgressiveResult grade_progressively(const std::filesystem::path& dir, const std::vector<const LabSpec*>& labs,
                                      const PipelineOptions& base, const ProgressiveOptions& options);

// `lab` with test `test_id` fitted to `plan` (a copy: course.yaml's stays intact): its time limit (and a
// watchdog below it), its repetitions when `plan_repetitions`, and, when the plan cuts the run short, a
// controlled search budget shrunk in proportion (shrunk_search_budget).
LabSpec planned_lab(const LabSpec& lab, const std::string& test_id, const TestPlan& plan, bool plan_repetitions);

inline constexpr const char* kNotRunBudget = "not run: the time budget ran out before this test started";
inline constexpr const char* kNotRunStopped = "not run: the grader was stopped before this test started";

}  // namespace grader
