// run_test_main: iterations, watchdog, results file and exit status of a graded test binary.
#include "test_main.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <exception>

#include "findings_store.hpp"
#include "gtest_listener.hpp"
#include "process_end_hooks.hpp"
#include "results_file.hpp"
#include "run_state.hpp"
#include "source_files.hpp"
#include "thread_registry.hpp"
#include "watchdog.hpp"

namespace harness {
namespace {

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;

// One iteration under its own watchdog; true when it passed.
bool run_iteration(int iteration, const LabOptions& options) {
  begin_iteration(iteration);
  int status = 0;
  {
    Watchdog watchdog(options.watchdog);
    status = RUN_ALL_TESTS();
  }
  if (::testing::UnitTest::GetInstance()->test_to_run_count() == 0) {
    record_finding({"check", "No test matched the filter: nothing was run.", "", 0});
  }
  return status == 0 && !has_findings();
}

bool run_iterations(const LabOptions& options) {
  for (int iteration = 0; iteration < options.repeat; ++iteration) {
    if (!run_iteration(iteration, options)) {
      mark_iteration_failed();
      return false;
    }
  }
  return true;
}

void prepare(const LabOptions& options) {
  set_run_parameters(options.seed, options.repeat, options.results_path);
  set_source_root(options.source_root);
  // The main thread runs the test bodies: register it so the watchdog lists it too.
  (void)current_thread_state();
  ::testing::UnitTest::GetInstance()->listeners().Append(new FindingsListener);
  install_sanitizer_death_callback();
  install_terminate_handler();
}

}  // namespace

int run_test_main(int argc, char** argv) {
  std::string error;
  std::optional<LabOptions> options = take_lab_options(argc, argv, error);
  if (!options) {
    std::fprintf(stderr, "%s: %s\n", argv[0], error.c_str());
    return kExitUsage;
  }
  ::testing::InitGoogleTest(&argc, argv);
  if (options->list) GTEST_FLAG_SET(list_tests, true);
  // Listing runs nothing: no iterations, no watchdog, no results file.
  if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();
  prepare(*options);
  bool passed = false;
  try {
    passed = run_iterations(*options);
  } catch (const std::exception& escaped) {
    record_finding({"exception", std::string("The test stopped on an exception: ") + escaped.what(), "", 0});
  } catch (...) {
    record_finding({"exception", "The test stopped on an exception that is not a std::exception", "", 0});
  }
  write_final_results_file(passed ? Verdict::pass : Verdict::fail);
  return passed ? kExitPass : kExitFail;
}

}  // namespace harness
