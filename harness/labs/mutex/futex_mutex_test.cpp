// Graded tests of the futex Mutex: no futex call uncontended, waiters sleep, unlock wakes, no lost wake-up.
#include <chrono>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "lock_tests_util.hpp"

namespace mutex_lab {
namespace {

std::string percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f%%", share * 100.0);
  return text;
}

// Drepper's take 1 calls futex_wake in every unlock(); take 3 enters the kernel only when the state says
// that somebody sleeps.
TEST(Mutex, NoFutexCallWhenUncontended) {
  AnyLock mutex(mutex_api());
  const harness::FutexCounts before = harness::futex_counts();
  for (int i = 0; i < 10000; ++i) {
    mutex.lock();
    mutex.unlock();
    if (!mutex.try_lock()) {
      harness::fail_check("Mutex::try_lock() returned false on a free mutex");
      return;
    }
    mutex.unlock();
  }
  const harness::FutexCounts after = harness::futex_counts();
  const auto waits = after.waits - before.waits;
  const auto wakes = after.wakes - before.wakes;
  if (waits != 0 || wakes != 0) {
    harness::fail_check(
        "Mutex made futex calls with no contention at all: " + std::to_string(wakes) + " futex_wake and " +
        std::to_string(waits) +
        " futex_wait calls for 10000 lock/unlock and try_lock/unlock pairs by one thread\n"
        "A futex call is a system call. Take 3 keeps the state 0/1 when nobody waits and calls futex_wake "
        "only when unlock() sees state 2 (Drepper's take 1 wakes on every unlock).");
  }
}

// A thread blocked in lock() must sleep in futex_wait, not burn a CPU, however long the holder keeps it.
TEST(Mutex, ContendedWaiterSleeps) {
  AnyLock mutex(mutex_api());
  mutex.lock();
  harness::TestThread waiter("waiter", [&] {
    mutex.lock();
    mutex.unlock();
  });
  if (!harness::wait_until_waiting(waiter, "the waiter inside Mutex::lock()")) {
    mutex.unlock();
    return;
  }
  const auto interval_start = std::chrono::steady_clock::now();
  const auto cpu_before = waiter.probe().cpu_time();
  idle_for(std::chrono::milliseconds(300));
  const auto cpu_after = waiter.probe().cpu_time();
  const auto interval = std::chrono::steady_clock::now() - interval_start;
  const auto futex_waits = waiter.probe().futex_waits();
  mutex.unlock();
  waiter.join();

  const double share = harness::cpu_share(cpu_before, cpu_after, interval);
  if (futex_waits == 0) {
    harness::fail_check("a thread waiting in Mutex::lock() never called lab::futex_wait\n"
                        "When the mutex is taken, set the state to 2 and sleep with "
                        "lab::futex_wait(state, 2) instead of spinning or yielding.");
  } else if (share > 0.10) {
    harness::fail_check("a thread waiting in Mutex::lock() used " + percent(share) +
                        " of a CPU while the mutex stayed locked for 300 ms (allowed: 10%)\n"
                        "It should sleep in lab::futex_wait until unlock() wakes it.");
  }
}

// A sleeping waiter must be woken by the holder's unlock() and then get the mutex.
TEST(Mutex, UnlockWakesSleeper) {
  AnyLock mutex(mutex_api());
  mutex.lock();
  const auto sleeper = lock_once_in_thread(mutex, "sleeper");
  if (!went_to_sleep(*sleeper)) {
    harness::fail_check("a thread waiting in Mutex::lock() did not go to sleep in lab::futex_wait");
    mutex.unlock();
    return;
  }
  const harness::FutexCounts before = harness::futex_counts();
  mutex.unlock();
  if (!finishes(*sleeper)) {
    harness::fail_check(
        "a thread sleeping in Mutex::lock() was not woken by unlock()\n"
        "unlock() must call lab::futex_wake(state, 1) when the state it replaced was 2 (locked, with sleepers).");
    return;  // the sleeper cannot be stopped; the watchdog ends the test with its diagnosis
  }
  if (harness::futex_counts().wakes == before.wakes) {
    harness::fail_check("unlock() of a mutex with a sleeping waiter made no futex_wake call\n"
                        "The waiter only got the mutex because it woke up by itself.");
  }
}

// Short, contended critical sections by 2, 3 and 4 threads, many times over. A lost wake-up leaves a thread
// asleep in futex_wait while the mutex is free; once the others finish their round nobody wakes it, and
// the watchdog reports a deadlock. Many short rounds give many such "last thread" moments.
TEST(Mutex, NoLostWakeup) {
  const long rounds = for_config({.plain = 400, .tsan = 60, .perturb = 200});
  const long iterations = for_config({.plain = 300, .tsan = 100, .perturb = 100});
  const Budget budget({.plain = 600, .tsan = 2000, .perturb = 1200});
  AnyLock mutex(mutex_api());
  ExclusionWatch watch("Mutex with 2 to 4 threads", 4);
  for (long round = 0; round < rounds && !budget.spent() && !watch.broken(); ++round) {
    const int threads = 2 + static_cast<int>(round % 3);
    harness::stress({.threads = threads, .iterations = iterations}, [&](harness::StressThread& self, long) {
      mutex.lock();
      watch.enter(self.index());
      watch.leave(self.index());
      mutex.unlock();
    });
  }
  watch.finish();
}

}  // namespace
}  // namespace mutex_lab
