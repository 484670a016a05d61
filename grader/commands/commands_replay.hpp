// `replay LAB TEST --schedule S`: run one test's controlled build on exactly one schedule and show its trace.
#pragma once

#include <filesystem>
#include <string>

#include "app_context.hpp"

namespace grader {

struct ReplayOptions {
  std::string lab;
  std::string test;                   // test id (course.yaml), one that runs in the controlled configuration
  std::string schedule;               // "1:3b2c", as a controlled failure printed it
  std::filesystem::path submission;   // empty: <course root>/exercises
};

// Builds the controlled configuration, runs the test on the schedule, prints the trace and the verdict.
// Returns 0 when the schedule passes, 1 when it fails (the usual case: it replays a failure). Throws
// UsageError for an unknown lab or test, a test without the controlled configuration, or a malformed
// schedule string.
int run_replay(const AppContext& context, const ReplayOptions& options);

}  // namespace grader
