// The test binary's entry point logic (command line in docs/architecture.md), callable from main().
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace harness {

// The harness's own options, taken out of the command line before GoogleTest sees it.
struct LabOptions {
  std::string results_path;  // --lab-results=FILE
  std::uint64_t seed = 1;    // --lab-seed=N
  int repeat = 1;            // --lab-repeat=R
  std::chrono::milliseconds watchdog{5000};  // --lab-watchdog-ms=MS
  bool list = false;         // --lab-list: list the tests and exit
  std::string source_root;   // --lab-source-root=DIR: the stage directory (source_files.hpp)
};

// Parses and removes the --lab-* arguments from argv (argc is updated). Returns nothing and sets `error`
// when an argument is malformed.
std::optional<LabOptions> take_lab_options(int& argc, char** argv, std::string& error);

// Runs the selected tests: repeat iterations with seeds N, N+1, ..., each under a watchdog, stopping at
// the first failing one; writes the results file; returns the exit status (0 pass, 1 fail, 2 bad usage).
int run_test_main(int argc, char** argv);

}  // namespace harness
