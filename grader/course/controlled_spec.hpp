// Reading a test's `controlled:` block of course.yaml, and turning it into the harness's --lab-* flags.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "course.hpp"
#include "yaml_checks.hpp"

namespace grader {

// The name of the build configuration in which tests run under the controlled scheduler.
inline constexpr const char* kControlledConfig = "controlled";

// Reads `controlled: {strategy, schedules, seconds, pct_depth}` of `test` (its configs and time limit
// already read). Fails with FILE:LINE:COL for a bad value, an unknown key, a block on a test that does not
// run in the controlled configuration, or a budget that does not fit the test's time limit.
ControlledSpec read_controlled_spec(const yaml_checks::Reporter& reporter, const yaml_checks::Field& field,
                                    const TestSpec& test, const yaml_checks::Context& context);

// The harness's search budget when course.yaml gives none (--lab-budget-ms, docs/controlled.md).
inline constexpr std::chrono::milliseconds kHarnessSearchBudget{20000};

// The search budget of a controlled test that a --budget run gives only `share` (0, 1] of the time it
// needs and `time_limit` for its process: its own (course.yaml `seconds`, else kHarnessSearchBudget)
// times `share`, and short enough that minimizing a failure still fits in `time_limit` (else half of
// it); at least 100 ms, never more than its own.
std::chrono::milliseconds shrunk_search_budget(const ControlledSpec& spec, double share,
                                               std::chrono::seconds time_limit);

// The harness flags for `spec` ("--lab-strategy=bounded", "--lab-schedules=500", ...), in a fixed order.
std::vector<std::string> controlled_flags(const ControlledSpec& spec);

}  // namespace grader
