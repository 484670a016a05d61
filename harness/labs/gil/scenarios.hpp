// The gil lab's workloads: Beazley's three (2 CPU-bound, CPU + I/O, 4 CPU-bound) and the tests' variants.
#pragma once

#include <string>
#include <vector>

#include "interpreter.hpp"

namespace gil_lab {

// Settings of one scenario beyond its threads.
struct Settings {
  vtime switch_interval = 5 * kMs;
  int check_interval = 100;
  bool spurious_wakeups = false;
};

Scenario scenario(GilKind kind, std::string title, std::vector<ThreadPlan> threads, Settings settings = {});

// Beazley's workloads, 200 ms of work per CPU-bound thread (40000 steps of 5 us).
Scenario two_cpu_bound(GilKind kind, Settings settings = {});
Scenario cpu_and_io(GilKind kind, Settings settings = {});
Scenario four_cpu_bound(GilKind kind, Settings settings = {});
// Four CPU-bound threads of different lengths: threads end while others wait for the GIL.
Scenario four_exiting(GilKind kind, Settings settings = {});

// Runs each scenario, prints Beazley's table of them (the test's output) and returns the traces.
std::vector<RunTrace> run_all(const std::vector<Scenario>& scenarios);

}  // namespace gil_lab
