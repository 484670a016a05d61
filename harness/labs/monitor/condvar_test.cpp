// Graded tests of lab::CondVar: no lost wake-up, notify_one/notify_all wake sleepers, wait needs the mutex.
#include <gtest/gtest.h>

#include "monitor_tests_util.hpp"
#include "take_turns.hpp"

namespace monitor_lab {
namespace {

// Two players take thousands of turns (take_turns.hpp); a lost notify leaves both asleep and the
// watchdog reports the deadlock.
TEST(CondVar, NoLostWakeup) { take_turns(for_config({.plain = 20000, .tsan = 2000, .perturb = 4000})); }

// Every thread sleeping in wait() must wake up from one notify_all().
TEST(CondVar, NotifyAllWakesAll) {
  constexpr int kWaiters = 4;
  AnyMutex mutex;
  AnyCondVar go_changed;
  bool go = false;  // guarded by mutex
  Threads waiters;
  const bool lined_up = start_waiting_threads(
      waiters, kWaiters, "waiter",
      [&](int) {
        mutex.lock();
        while (!go) go_changed.wait(mutex);
        mutex.unlock();
      },
      "CondVar::wait()");
  mutex.lock();
  go = true;
  go_changed.notify_all();
  mutex.unlock();
  const auto rescue = [&] { go_changed.notify_all(); };
  if (!all_finish(waiters, rescue) && lined_up) {
    harness::fail_check("notify_all() did not wake every thread sleeping in CondVar::wait()\n"
                        "notify_all must wake all sleepers: lab::futex_wake(word, lab::kWakeAll).");
  }
}

// notify_one() must wake a sleeping waiter.
TEST(CondVar, NotifyOneWakesAWaiter) {
  AnyMutex mutex;
  AnyCondVar ready_changed;
  bool ready = false;  // guarded by mutex
  Threads waiters;
  const bool lined_up = start_waiting_threads(
      waiters, 1, "waiter",
      [&](int) {
        mutex.lock();
        while (!ready) ready_changed.wait(mutex);
        mutex.unlock();
      },
      "CondVar::wait()");
  mutex.lock();
  ready = true;
  mutex.unlock();
  ready_changed.notify_one();
  if (!all_finish(waiters, [&] { ready_changed.notify_all(); }) && lined_up) {
    harness::fail_check("notify_one() did not wake the thread sleeping in CondVar::wait()");
  }
}

// wait(m) requires the caller to hold m. Called with m unlocked it must report lab::usage_error and
// return at once, leaving m unlocked (instead of unlocking a free mutex and sleeping).
TEST(CondVar, WaitWithUnlockedMutexIsReported) {
  AnyMutex mutex;
  AnyCondVar condvar;
  std::uint64_t reported = 0;
  Threads caller;
  caller.push_back(std::make_unique<harness::TestThread>("caller", [&] {
    harness::ExpectUsageErrors expected;
    condvar.wait(mutex);
    reported = expected.count();
  }));
  if (!all_finish(caller, [&] { condvar.notify_all(); })) {
    harness::fail_check("CondVar::wait() with an unlocked mutex went to sleep instead of returning at once\n"
                        "Check first (mutex.try_lock() succeeds only on a free mutex), report with "
                        "lab::usage_error(\"...\") and return.");
    return;
  }
  if (reported == 0) {
    harness::fail_check("CondVar::wait() with an unlocked mutex did not call lab::usage_error");
  } else if (!mutex.try_lock()) {
    harness::fail_check("CondVar::wait() with an unlocked mutex returned with the mutex locked");
  } else {
    mutex.unlock();
  }
}

}  // namespace
}  // namespace monitor_lab
