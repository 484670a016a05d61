// Graded tests for controlled mode: small lock workloads whose every interleaving the scheduler may explore.
//
// Each body is one schedule: a few threads, a few lock/unlock rounds. A yield() inside the critical
// section gives the scheduler a point at which a second thread could enter, so a broken lock shows up
// as an overlap, and the shared counter shows lost updates. In other builds each body runs once.
#include <gtest/gtest.h>
#include <harness/controlled.hpp>
#include <lab/cpu.hpp>

#include "lock_tests_util.hpp"

namespace mutex_lab {
namespace {

// `threads` threads each take `api`'s lock `rounds` times and pass through a checked critical section.
// `yield_inside`: offer the scheduler a free switch inside the critical section (exclusion tests).
void contend(const LockApi& api, int threads, long rounds, bool yield_inside = true) {
  AnyLock lock(api);
  ExclusionWatch watch(std::string(api.name) + " with " + std::to_string(threads) + " threads", threads);
  harness::stress({.threads = threads, .iterations = rounds, .pin_to_cores = false},
                  [&](harness::StressThread& self, long) {
                    lock.lock();
                    watch.enter(self.index());
                    if (yield_inside) lab::yield();  // another thread may run here: a correct lock keeps it out
                    watch.leave(self.index());
                    lock.unlock();
                  });
  watch.finish();
}

TEST(Controlled, SpinLockExclusion) {
  harness::explore([] { contend(spin_lock_api(), 2, 2); });
}

TEST(Controlled, TicketLockExclusion) {
  harness::explore([] { contend(ticket_lock_api(), 2, 2); });
}

TEST(Controlled, MutexExclusion) {
  harness::explore([] { contend(mutex_api(), 2, 2); });
}

// Three threads are the fewest for which a woken waiter that claims "no sleepers" strands another
// sleeper; a lost wake-up ends the schedule as a deadlock (every thread blocked). No yield inside: it
// would let every waiter go to sleep before the holder unlocks, which hides the unlock's window from PCT.
TEST(Controlled, MutexNoLostWakeup) {
  harness::explore([] { contend(mutex_api(), 3, 2, false); });
}

// `lockers` threads lock() `api`'s lock and `try_lockers` threads call try_lock(), 2 rounds each, a yield
// inside the critical section (so that a locker may fall asleep, or take a ticket, while another holds it).
void contend_with_try_lock(const LockApi& api, int lockers, int try_lockers) {
  AnyLock lock(api);
  const int threads = lockers + try_lockers;
  ExclusionWatch watch(std::string(api.name) + " with " + std::to_string(lockers) + " thread(s) in lock() and " +
                           std::to_string(try_lockers) + " in try_lock()",
                       threads);
  harness::stress({.threads = threads, .iterations = 2, .pin_to_cores = false},
                  [&](harness::StressThread& self, long) {
                    if (self.index() < lockers) {
                      lock.lock();
                    } else if (!lock.try_lock()) {
                      return;
                    }
                    watch.enter(self.index());
                    lab::yield();
                    watch.leave(self.index());
                    lock.unlock();
                  });
  watch.finish();
}

// A try_lock() that fails by writing the state (exchange(1), fetch_or, a check followed by a write) can
// overwrite the "2" of a sleeper, so that no unlock() wakes it: a deadlock.
TEST(Controlled, MutexTryLockBesideSleeper) {
  harness::explore([] { contend_with_try_lock(mutex_api(), 2, 1); });
}

// A try_lock() that takes a ticket, even one it gives back, or that takes one after a separate check,
// hands out a ticket twice or one nobody holds: an overlap, or a lock() that waits for ever (a livelock).
TEST(Controlled, TicketTryLockMix) {
  harness::explore([] { contend_with_try_lock(ticket_lock_api(), 1, 2); });
}

}  // namespace
}  // namespace mutex_lab
