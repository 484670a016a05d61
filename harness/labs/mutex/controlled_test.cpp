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

}  // namespace
}  // namespace mutex_lab
