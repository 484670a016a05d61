// Graded tests: try_lock() succeeds exactly when the lock is free, never waits, and (TicketLock) takes no
// ticket when it fails.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "lock_tests_util.hpp"

namespace mutex_lab {
namespace {

// A thread that takes the lock and holds it until release() is called.
class Holder {
 public:
  explicit Holder(AnyLock& lock)
      : thread_("holder", [this, &lock] {
          lock.lock();
          holding_.store(true);
          while (!released_.load()) {
            harness::progress();
            std::this_thread::yield();
          }
          lock.unlock();
        }) {}
  bool holding() const { return holding_.load(); }
  void release() { released_.store(true); }
  void join() { thread_.join(); }

 private:
  std::atomic<bool> holding_{false};
  std::atomic<bool> released_{false};
  harness::TestThread thread_;
};

// try_lock() on a free lock succeeds, and unlock() frees it again.
bool try_lock_free(const LockApi& api, AnyLock& lock, const char* when) {
  if (!lock.try_lock()) {
    harness::fail_check(call(api, "try_lock") + " returned false on a free lock (" + when + ")");
    return false;
  }
  lock.unlock();
  return true;
}

// While another thread holds the lock, try_lock() from a third thread must return false at once.
bool try_lock_held_by_other(const LockApi& api, AnyLock& lock) {
  Holder holder(lock);
  if (!eventually([&] { return holder.holding(); })) {
    harness::fail_check(call(api, "lock") + " did not return for a thread alone on a free lock");
    holder.release();
    return false;
  }
  std::atomic<int> result{-1};
  harness::TestThread caller("try_lock caller", [&] { result.store(lock.try_lock() ? 1 : 0); });
  const bool returned = finishes(caller);
  holder.release();
  holder.join();
  if (!returned) {
    harness::fail_check(call(api, "try_lock") +
                        " waited while another thread held the lock; try_lock() must give up at once "
                        "and return false instead of waiting");
    return false;  // the caller got the lock once the holder left; it is destroyed held
  }
  if (result.load() == 1) {
    harness::fail_check(call(api, "try_lock") + " returned true while another thread held the lock");
    return false;
  }
  return true;
}

// While the caller itself holds the lock, try_lock() must return false (these locks are not recursive).
bool try_lock_held_by_self(const LockApi& api, AnyLock& lock, int attempts) {
  lock.lock();
  for (int i = 0; i < attempts; ++i) {
    if (lock.try_lock()) {
      harness::fail_check(call(api, "try_lock") + " returned true while the calling thread held the lock");
      return false;
    }
  }
  lock.unlock();
  return true;
}

// Two threads take turns with lock()/unlock() after the failed attempts above; a failed try_lock()
// that took a ticket would make this hang (the watchdog then reports it).
bool two_threads_still_lock(const LockApi& api, AnyLock& lock) {
  auto turns = [&] {
    for (int i = 0; i < 200; ++i) {
      lock.lock();
      lock.unlock();
    }
  };
  harness::TestThread first("first", turns);
  harness::TestThread second("second", turns);
  if (!finishes(first) || !finishes(second)) {
    harness::fail_check(call(api, "lock") + " no longer returns after failed try_lock() calls");
    return false;  // the threads cannot be stopped; the watchdog ends the test
  }
  return true;
}

// Threads mixing try_lock() and lock() still exclude each other.
void try_lock_mix_excludes(const LockApi& api) {
  AnyLock lock(api);
  const int threads = 4;
  ExclusionWatch watch(std::string(api.name) + " with threads mixing try_lock() and lock()", threads);
  const long iterations = for_config({.plain = 20000, .tsan = 2000, .perturb = 2000});
  const Budget budget({.plain = 300, .tsan = 1000, .perturb = 500});
  harness::stress({.threads = threads, .iterations = iterations}, [&](harness::StressThread& self, long) {
    if (budget.spent() || watch.broken()) return;
    if (self.rng().chance(0.5)) {
      if (!lock.try_lock()) return;
    } else {
      lock.lock();
    }
    watch.enter(self.index());
    watch.leave(self.index());
    lock.unlock();
  });
  watch.finish();
}

void check_try_lock(const LockApi& api) {
  AnyLock lock(api);
  if (!try_lock_free(api, lock, "first use")) return;
  if (!try_lock_held_by_other(api, lock)) return;
  // A failed try_lock() that left a trace (a TicketLock ticket) shows here first.
  if (!try_lock_free(api, lock, "after another thread held it, a try_lock() failed, and it was released; "
                                "does a failed try_lock() take a ticket?")) {
    return;
  }
  if (!try_lock_held_by_self(api, lock, 3)) return;
  // A TicketLock whose failed try_lock() took a ticket now waits for a holder that will never come.
  if (!try_lock_free(api, lock, "after three failed try_lock() calls; does a failed try_lock() take a ticket?")) {
    return;
  }
  if (!two_threads_still_lock(api, lock)) return;
  try_lock_mix_excludes(api);
}

TEST(SpinLock, TryLock) { check_try_lock(spin_lock_api()); }
TEST(TicketLock, TryLock) { check_try_lock(ticket_lock_api()); }
TEST(Mutex, TryLock) { check_try_lock(mutex_api()); }

}  // namespace
}  // namespace mutex_lab
