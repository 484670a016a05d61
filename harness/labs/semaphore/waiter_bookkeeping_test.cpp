// Graded test: every way out of a wait (timed out, woken, woken spuriously and retried) undoes the
// waiter's bookkeeping, so that later releases with nobody waiting make no futex call.
#include <functional>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "sync_tests_util.hpp"

namespace semaphore_lab {
namespace {

// After `what` left `semaphore` with nobody waiting (and a permit, if the wait gave up on it): 100 rounds of release() and acquire(),
// try_acquire() and try_acquire_for(1 ms) by this thread alone must make no futex call. False (with a
// finding naming `what`) otherwise.
bool quiet_afterwards(AnySemaphore& semaphore, const std::string& what) {
  const harness::FutexCounts before = harness::futex_counts();
  bool ok = true;
  for (int i = 0; i < 100 && ok; ++i) {
    semaphore.release();
    semaphore.acquire();
    semaphore.release(2);
    ok = semaphore.try_acquire() && semaphore.try_acquire_for(1ms);
  }
  if (!ok) {
    harness::fail_check("after " + what + ", try_acquire() or try_acquire_for(1 ms) returned false on a "
                        "Semaphore with free permits");
    return false;
  }
  const harness::FutexCounts after = harness::futex_counts();
  const auto wakes = after.wakes - before.wakes;
  const auto waits = after.waits - before.waits;
  if (wakes == 0 && waits == 0) return true;
  harness::fail_check("after " + what + ", the Semaphore made " + std::to_string(wakes) + " futex_wake and " +
                      std::to_string(waits) +
                      " futex_wait calls in 100 rounds of release/acquire by one thread, with nobody waiting\n"
                      "The waiter left its mark behind (e.g. a count of sleepers it never took back). Every "
                      "way out of a wait must undo what the wait announced: a time-out, a wake-up with a "
                      "permit, and each retry after a wake-up without one.");
  return false;
}

// One scenario: `wait` runs in a thread on an empty Semaphore; if `release_after_sleep`, the main thread
// releases one permit once the waiter sleeps. `spurious`: every other futex_wait returns at once, so
// the waiter goes round its loop more than once. What the wait returns is graded by other tests
// (sem_try_acquire_for); this one grades only what the wait leaves behind.
struct Scenario {
  std::string what;
  std::function<void(AnySemaphore&)> wait;
  bool release_after_sleep;
  bool spurious;
};

bool run(const Scenario& scenario) {
  AnySemaphore semaphore(0);
  {
    std::optional<harness::ForcedSpuriousWakeups> spurious;
    if (scenario.spurious) spurious.emplace();
    harness::TestThread waiter("waiter", [&] { scenario.wait(semaphore); });
    if (scenario.release_after_sleep) {
      if (!went_to_sleep(waiter)) {
        harness::fail_check(scenario.what + ": the waiter never called lab::futex_wait on an empty Semaphore");
        semaphore.release();
        return false;
      }
      semaphore.release();
    }
    if (!finishes(waiter)) {
      semaphore.release();  // a wait that does not time out is sem_try_acquire_for's to grade: end it here
      if (!finishes(waiter)) {
        harness::fail_check(scenario.what + ": the waiter did not return, not even once a permit was released");
        return false;  // the waiter cannot be stopped; the watchdog ends the test
      }
    }
  }
  return quiet_afterwards(semaphore, scenario.what);
}

TEST(Semaphore, NoFutexCallAfterWaits) {
  const auto timed = [](std::chrono::nanoseconds timeout) {
    return [timeout](AnySemaphore& s) { (void)s.try_acquire_for(timeout); };
  };
  const auto untimed = [](AnySemaphore& s) { s.acquire(); };
  const Scenario scenarios[] = {
      {"a try_acquire_for(30 ms) that timed out", timed(30ms), false, false},
      {"a try_acquire_for(30 ms) that timed out after spurious wake-ups", timed(30ms), false, true},
      {"a try_acquire_for(60 s) woken by release()", timed(60s), true, false},
      {"a try_acquire_for(60 s) woken spuriously, then by release()", timed(60s), true, true},
      {"an acquire() woken spuriously, then by release()", untimed, true, true},
  };
  for (const Scenario& scenario : scenarios) {
    if (!run(scenario)) return;
  }
}

}  // namespace
}  // namespace semaphore_lab
