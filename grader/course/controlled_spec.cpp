// A test's controlled-mode budget: course.yaml `controlled:` -> ControlledSpec -> harness flags.
#include "controlled_spec.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace grader {

using namespace yaml_checks;

namespace {

const std::vector<std::string> kKeys = {"strategy", "schedules", "seconds", "pct_depth"};
const std::vector<std::string> kStrategies = {"pct", "random", "bounded"};

// After the search, the harness minimizes a failure for up to 15 s (docs/controlled.md): the budget
// plus that must end before the grader's wall-clock limit, or a found bug would read as a timeout.
constexpr std::chrono::milliseconds kMinimizeReserve{15000};

std::string read_strategy(const Reporter& reporter, const Field& field, const Context& context) {
  std::string value = read_string(reporter, field, context);
  if (std::find(kStrategies.begin(), kStrategies.end(), value) == kStrategies.end()) {
    std::string guess = closest_match(value, kStrategies);
    reporter.fail(field.mark(), fmt::format("'strategy' must be pct, random or bounded, got '{}'{}{}", value,
                                            context.suffix(), guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
  }
  return value;
}

long long read_bounded(const Reporter& reporter, const Field& field, const Context& context, long long low,
                       long long high) {
  long long value = read_int(reporter, field, context);
  if (value < low || value > high) {
    reporter.fail(field.mark(), fmt::format("{} must be between {} and {}, got {}{}", field.label(), low, high, value,
                                            context.suffix()));
  }
  return value;
}

std::chrono::milliseconds read_seconds(const Reporter& reporter, const Field& field, const TestSpec& test,
                                       const Context& context) {
  const double value = read_number(reporter, field, context);
  if (!(value > 0) || value > 3600) {
    reporter.fail(field.mark(), fmt::format("'seconds' must be greater than 0 and at most 3600, got {}{}",
                                            field.value.Scalar(), context.suffix()));
  }
  const std::chrono::milliseconds budget{static_cast<long long>(value * 1000)};
  if (budget + kMinimizeReserve >= test.time_limit) {
    reporter.fail(field.mark(), fmt::format("'seconds' ({}) plus 15s to minimize a failure must be shorter than "
                                            "'time_limit' ({}){}", format_duration(budget),
                                            format_duration(test.time_limit), context.suffix()));
  }
  return budget;
}

}  // namespace

ControlledSpec read_controlled_spec(const Reporter& reporter, const Field& field, const TestSpec& test,
                                    const Context& context) {
  if (std::find(test.configs.begin(), test.configs.end(), kControlledConfig) == test.configs.end()) {
    reporter.fail(field.key_node.Mark(), fmt::format("'controlled' needs '{}' among the test's 'configs'{}",
                                                     kControlledConfig, context.suffix()));
  }
  const Context inner{"'controlled' of " + context.in, context.tag};
  MapReader map(reporter, field.value, field.mark(), "'controlled'", inner, kKeys);
  ControlledSpec spec;
  if (const Field* f = map.find("strategy")) spec.strategy = read_strategy(reporter, *f, context);
  if (const Field* f = map.find("schedules")) spec.schedules = read_bounded(reporter, *f, context, 1, 10'000'000);
  if (const Field* f = map.find("seconds")) spec.budget = read_seconds(reporter, *f, test, context);
  if (const Field* f = map.find("pct_depth")) {
    if (!spec.strategy.empty() && spec.strategy != "pct") {
      reporter.fail(f->key_node.Mark(), fmt::format("'pct_depth' applies only to strategy pct, not {}{}",
                                                    spec.strategy, context.suffix()));
    }
    spec.pct_depth = static_cast<int>(read_bounded(reporter, *f, context, 1, 10));
  }
  return spec;
}

std::chrono::milliseconds shrunk_search_budget(const ControlledSpec& spec, double share,
                                               std::chrono::seconds time_limit) {
  using std::chrono::milliseconds;
  const milliseconds own = spec.budget.value_or(kHarnessSearchBudget);
  const milliseconds limit = time_limit > kMinimizeReserve ? time_limit - kMinimizeReserve
                                                           : std::chrono::duration_cast<milliseconds>(time_limit) / 2;
  const auto scaled = milliseconds(static_cast<long long>(static_cast<double>(own.count()) * std::clamp(share, 0.0, 1.0)));
  return std::min(own, std::max(milliseconds(100), std::min(scaled, limit)));
}

std::vector<std::string> controlled_flags(const ControlledSpec& spec) {
  std::vector<std::string> flags;
  if (!spec.strategy.empty()) flags.push_back("--lab-strategy=" + spec.strategy);
  if (spec.schedules) flags.push_back(fmt::format("--lab-schedules={}", *spec.schedules));
  if (spec.budget) flags.push_back(fmt::format("--lab-budget-ms={}", spec.budget->count()));
  if (spec.pct_depth) flags.push_back(fmt::format("--lab-pct-depth={}", *spec.pct_depth));
  return flags;
}

}  // namespace grader
