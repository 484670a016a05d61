// Graded test: a try_lock() that fails while a waiter sleeps in lock() must leave the mutex's record of
// sleepers alone, so that the holder's unlock() still wakes the sleeper.
#include <atomic>
#include <string>

#include <gtest/gtest.h>

#include "lock_tests_util.hpp"

namespace mutex_lab {
namespace {

// Who calls the failing try_lock(): a thread that does not hold the mutex, or the holder itself.
enum class Caller { other_thread, holder };

std::string describe(Caller caller) {
  return caller == Caller::holder ? "the holder itself" : "a third thread";
}

// The failing try_lock(), from `caller`; false (with a finding) if it did not fail.
bool try_lock_fails(AnyLock& mutex, Caller caller) {
  std::atomic<int> result{-1};
  if (caller == Caller::holder) {
    result.store(mutex.try_lock() ? 1 : 0);
  } else {
    harness::TestThread trier("try_lock caller", [&] { result.store(mutex.try_lock() ? 1 : 0); });
    if (!finishes(trier)) {
      harness::fail_check("Mutex::try_lock() waited while another thread held the mutex; it must return false at once");
      return false;  // the trier gets the mutex once the holder leaves; the watchdog may end the test
    }
  }
  if (result.load() == 1) {
    harness::fail_check("Mutex::try_lock() by " + describe(caller) +
                        " returned true while the mutex was held and another thread slept in lock()");
    return false;
  }
  return true;
}

// The main thread holds the mutex; a waiter goes to sleep in lock(); then a try_lock() by `caller` fails;
// then the main thread unlocks. The sleeper must be woken and get the mutex. The pause after the waiter's
// futex_wait call lets it actually fall asleep in the kernel: a try_lock() that lands before that only
// makes the waiter's futex_wait return at once, and the waiter would repair the state itself.
// False (with a finding) on a failure.
bool sleeper_survives_failed_try_lock(Caller caller) {
  AnyLock mutex(mutex_api());
  mutex.lock();
  const auto sleeper = lock_once_in_thread(mutex, "sleeper");
  if (!went_to_sleep(*sleeper)) {
    // A mutex whose waiters never sleep has nothing for try_lock() to overwrite; mutex_sleeps grades that.
    mutex.unlock();
    return true;
  }
  idle_for(std::chrono::milliseconds(20));
  if (!try_lock_fails(mutex, caller)) {
    mutex.unlock();
    return false;
  }
  mutex.unlock();
  if (!finishes(*sleeper)) {
    harness::fail_check(
        "a thread asleep in Mutex::lock() was never woken: while it slept, a try_lock() by " + describe(caller) +
        " failed, and the holder's unlock() then woke nobody\n"
        "A failing try_lock() must change nothing. If it writes the state (exchange(1), fetch_or, a store), it "
        "overwrites the 2 that says \"somebody sleeps\", and unlock() skips the futex_wake. Use one "
        "compare_exchange 0 -> 1.");
    return false;  // the sleeper cannot be stopped; the watchdog ends the test with its diagnosis
  }
  return true;
}

TEST(Mutex, FailedTryLockBesideSleeper) {
  for (int round = 0; round < 3; ++round) {
    if (!sleeper_survives_failed_try_lock(Caller::other_thread)) return;
    if (!sleeper_survives_failed_try_lock(Caller::holder)) return;
  }
}

}  // namespace
}  // namespace mutex_lab
