// The state of the current test run (parameters, iteration, verdict inputs) shared by main, watchdog and writers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace harness {

// A copy of the run's parameters and progress, for the results file.
struct RunSnapshot {
  std::string test;
  std::uint64_t seed = 1;  // --lab-seed: the first iteration's seed
  int repeat = 1;
  int iterations_run = 0;
  std::optional<std::uint64_t> failed_seed;
  std::string results_path;  // empty: no results file, print to stdout instead
};

// Set once by the test main before the first iteration.
void set_run_parameters(std::uint64_t base_seed, int repeat, std::string results_path);
// Starts iteration `iteration` (0-based): harness::seed() becomes base seed + iteration.
void begin_iteration(int iteration);
// Remembers the test being run ("Suite.Name"), for the results file.
void set_current_test(std::string name);
// Marks the current iteration as failed (its seed is the one that replays the failure).
void mark_iteration_failed();
RunSnapshot run_snapshot();

}  // namespace harness
