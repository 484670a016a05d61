// Time budgets: a platform kills a run at a global limit, so the grader plans repetitions to fit in it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace grader {

// "600" (seconds), "500ms", "90s", "10m", "1h"; nullopt when malformed or not > 0.
std::optional<std::chrono::milliseconds> parse_duration_text(const std::string& text);

// What is known when the next test is about to start.
struct BudgetState {
  std::chrono::milliseconds remaining{0};  // until the budget ends, minus the reserve for writing results
  int iterations_left = 0;                 // sum over the tests not yet run of configs x repetitions
  std::optional<double> seconds_per_iteration;  // measured so far (nullopt before the first test ran)
};

// The plan for the next test: how many repetitions, and the cap on each of its processes' time.
struct TestPlan {
  bool run = true;                  // false: no time left; the test and the rest are "not run"
  int repetitions = 1;              // 1 .. the test's own repetitions
  std::chrono::seconds time_limit{1};  // min(the test's limit, what remains), at least 1 s
  double share = 1.0;               // (0, 1]: the share of the time the remaining tests need that remains
};

// Scales the test's repetitions by the share of the remaining time the remaining iterations would
// need at the measured rate (all of them while they fit; never fewer than 1), records that share, and
// caps the process time limit at what remains. Does not run the test when less than `minimum` remains.
TestPlan plan_test(const BudgetState& state, int repetitions, std::chrono::seconds time_limit,
                   std::chrono::milliseconds minimum = std::chrono::seconds(1));

// The reserve kept at the end of a budget for writing results: 5 % of it, between 2 s and 20 s.
std::chrono::milliseconds budget_reserve(std::chrono::milliseconds budget);

}  // namespace grader
