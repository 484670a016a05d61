// Runs one graded test in one configuration as its own process and turns what it left into an outcome.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "course.hpp"
#include "paths.hpp"
#include "results.hpp"
#include "sandbox.hpp"

namespace grader {

struct TestRunRequest {
  std::filesystem::path binary;   // the linked test binary of `config`
  const TestSpec* test = nullptr;
  std::string config;
  std::uint64_t seed = 0;
  int repeat = 1;
  std::filesystem::path run_dir;  // emptied, then the test's cwd, results file and sanitizer logs
  const StageMap* stage = nullptr;
  bool sandbox = false;    // confine the process (sandbox.hpp): bubblewrap when installed, limits always
  bool sanitized = false;  // a sanitizer build: no address-space limit (it reserves terabytes), more memory
  std::optional<std::string> schedule = std::nullopt;  // controlled config: replay this schedule instead of searching
  // The lab's own staged student files, readable in the sandbox: the controlled trace quotes their lines
  // and names variables from them (without them it shows addresses, which differ from run to run).
  std::vector<std::filesystem::path> source_files = {};
};

// The sandbox and limits of one test process (docs/sandbox.md): it sees the system, its binary
// (read-only) and its run directory (read-write), nothing else of the machine.
Isolation test_isolation(const TestRunRequest& request);

// Runs the test (tests --gtest_filter=... --lab-results=... per docs/architecture.md) under the test's
// time limit and classifies the result. Fills every field of the outcome except `replay`. Keeps the
// captured output only when the run did not pass.
ConfigOutcome run_test(const TestRunRequest& request);

// The environment of a test process: PATH, HOME, LANG and TSAN_/ASAN_/UBSAN_OPTIONS logging into `run_dir`
// with exit status 66.
std::map<std::string, std::string> test_environment(const std::filesystem::path& run_dir);

}  // namespace grader
