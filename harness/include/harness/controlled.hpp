// harness::explore: runs a small concurrent test body under the controlled scheduler's systematic search.
#pragma once

#include <functional>

namespace harness {

// Runs `body`, a small test that starts threads (TestThread, stress) and joins them all before it returns.
//
// In controlled builds (LAB_CONTROLLED=1) each run of `body` is one schedule, executed in a fork of the
// test process under a deterministic scheduler that runs one thread at a time and decides at every lab::
// operation (and every plain memory access of instrumented submission code) which thread goes next (strategy and budget: --lab-strategy, --lab-schedules, --lab-budget-ms;
// see docs/controlled.md). The search stops at the first failing schedule (a finding, a deadlock, a
// livelock), minimizes it, and reports its findings together with the schedule string that replays it
// (--lab-schedule=...) and a per-thread trace. In other builds `body` runs once, natively.
//
// Contract for `body`: threads must not wait for each other on real time or on anything but lab::
// operations (a thread runs only when the scheduler picks it, and picks happen only at lab:: operations).
void explore(const std::function<void()>& body);

}  // namespace harness
