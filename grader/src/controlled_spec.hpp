// Reading a test's `controlled:` block of course.yaml, and turning it into the harness's --lab-* flags.
#pragma once

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

// The harness flags for `spec` ("--lab-strategy=bounded", "--lab-schedules=500", ...), in a fixed order.
std::vector<std::string> controlled_flags(const ControlledSpec& spec);

}  // namespace grader
