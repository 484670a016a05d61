// `check LAB`: grade one submission's lab and report to the student (or as JSON).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "app_context.hpp"

namespace grader {

struct CheckOptions {
  std::string lab;
  std::filesystem::path submission;   // empty: <course root>/exercises
  std::string only;                   // "id,id"; empty: every test
  std::optional<std::string> config;
  std::optional<std::uint64_t> seed;
  std::optional<int> repeat;
  int runs = 1;                       // > 1: run the selection N times and tally passes per test
  std::filesystem::path output;       // --output: the result in --format, rewritten after every test
  std::string budget;                 // --budget DURATION: plan repetitions so the whole run fits
  bool grading = false;               // --grading: other labs' files come from where `grade` takes them
};

// Returns the exit status: 0 every selected test passed (in every run), 1 otherwise.
// With --output, --budget or a platform --format (gradescope, junit, ...) the tests run one at a time:
// the output file is valid after every test, tests the budget (or SIGTERM) cut off are "not run".
// For a platform format the complete, uncapped result is kept beside it as <stem>.full.json.
// Throws UsageError for an unknown lab, test id or configuration, or a missing submission directory.
int run_check(const AppContext& context, const CheckOptions& options);

}  // namespace grader
