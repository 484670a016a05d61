// Time-budget arithmetic: duration text, the reserve, per-test repetition plans.
#include "budget.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

namespace grader {

using std::chrono::milliseconds;

std::optional<milliseconds> parse_duration_text(const std::string& text) {
  static const std::regex pattern(R"(^([0-9]{1,9})(ms|s|m|h)?$)");
  std::smatch m;
  if (!std::regex_match(text, m, pattern)) return std::nullopt;
  const long long n = std::stoll(m[1].str());
  const std::string unit = m[2].str();
  const long long factor = unit == "ms" ? 1 : unit == "m" ? 60'000 : unit == "h" ? 3'600'000 : 1000;
  if (n <= 0) return std::nullopt;
  return milliseconds(n * factor);
}

milliseconds budget_reserve(milliseconds budget) {
  return std::clamp(milliseconds(budget.count() / 20), milliseconds(2000), milliseconds(20000));
}

TestPlan plan_test(const BudgetState& state, int repetitions, std::chrono::seconds time_limit, milliseconds minimum) {
  TestPlan plan;
  if (state.remaining < minimum) {
    plan.run = false;
    return plan;
  }
  plan.repetitions = std::max(1, repetitions);
  if (state.seconds_per_iteration && state.iterations_left > 0) {
    const double needed = *state.seconds_per_iteration * state.iterations_left;
    const double available = std::chrono::duration<double>(state.remaining).count();
    if (needed > available) {
      // Everyone gives up the same share of their repetitions, so every test still runs at least once.
      plan.share = available / needed;
      plan.repetitions = std::max(1, static_cast<int>(std::floor(plan.repetitions * available / needed)));
    }
  }
  const auto remaining_s = std::chrono::duration_cast<std::chrono::seconds>(state.remaining);
  plan.time_limit = std::max(std::chrono::seconds(1), std::min(time_limit, remaining_s));
  return plan;
}

}  // namespace grader
