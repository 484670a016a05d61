// Helpers shared by the semaphore lab's graded tests: per-build work sizes, bounded waits, time budgets.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <harness/harness.hpp>

#include "sync_api.hpp"

namespace semaphore_lab {

using namespace std::chrono_literals;
using Millis = std::chrono::milliseconds;

// Work sizes per kind of build. Instrumented builds (ThreadSanitizer: 5-15x slower; perturbation: delays
// at every lab:: operation) get fewer iterations; any other build (a sanitizer added later) gets the
// smallest size, `instrumented`.
struct Sizes {
  long plain;
  long perturb;
  long instrumented;
};
long sized(const Sizes& sizes);

// How long something a correct primitive does "at once" may take in this build on a loaded 2-core
// machine. Generous: it only bounds how long a broken submission keeps a test waiting.
Millis grace();

// Polls `condition` (marking progress for the watchdog) until it holds or `limit` passes; returns it.
bool poll_until(const std::function<bool()>& condition, Millis limit = grace());

// True once `thread` has finished (within `limit`).
bool finishes(const harness::TestThread& thread, Millis limit = grace());

// True once `thread` has called lab::futex_wait at least once, or has finished (within grace()).
bool went_to_sleep(const harness::TestThread& thread);

// Milliseconds as text, for messages: "103 ms".
std::string ms(std::chrono::nanoseconds duration);

// A wall-clock budget for stress loops, so that a loaded machine shortens a test instead of timing it
// out. Stopping early never fails a correct submission: the checks count what was actually done.
class Budget {
 public:
  explicit Budget(const Sizes& milliseconds)
      : end_(std::chrono::steady_clock::now() + Millis(sized(milliseconds))) {}
  bool spent() const noexcept { return std::chrono::steady_clock::now() >= end_; }

 private:
  std::chrono::steady_clock::time_point end_;
};

}  // namespace semaphore_lab
