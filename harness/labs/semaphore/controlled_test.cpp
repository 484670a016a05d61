// Graded tests for controlled mode: small Semaphore and Barrier workloads whose interleavings the scheduler explores.
//
// Each body is one schedule: two or three threads, a couple of rounds. The scheduler switches threads
// only at lab:: operations, so a yield() marks where a second thread could sneak in; a lost wake-up or
// a round that never completes ends the schedule as a deadlock. In other builds each body runs once.
#include <string>

#include <gtest/gtest.h>
#include <harness/controlled.hpp>
#include <harness/occupancy.hpp>
#include <harness/round_checker.hpp>
#include <lab/cpu.hpp>

#include "sync_tests_util.hpp"

namespace semaphore_lab {
namespace {

// Two threads take the single permit of a Semaphore(1) twice each with acquire(); one permit must
// exclude, and exactly one permit must be left at the end.
TEST(Controlled, SemaphoreExclusion) {
  harness::explore([] {
    AnySemaphore semaphore(1);
    harness::OccupancyChecker occupancy(1);
    harness::stress({.threads = 2, .iterations = 2, .pin_to_cores = false}, [&](harness::StressThread& self, long) {
      semaphore.acquire();
      occupancy.enter(self.index());
      lab::yield();  // the other thread may run here: a correct semaphore keeps it out
      occupancy.leave();
      semaphore.release();
    });
    if (!occupancy.ok()) {
      harness::fail_check("Semaphore(1) with 2 threads: both held the permit at once\n" + occupancy.explain(4) +
                          "\nDecrement the count only when it is positive, in one compare-exchange.");
      return;
    }
    const bool first = semaphore.try_acquire();
    const bool second = first && semaphore.try_acquire();
    if (!first || second) {
      harness::fail_check(std::string("Semaphore(1) with 2 threads: after every permit was given back, ") +
                          (first ? "two" : "no") + " try_acquire() succeeded (expected exactly one)");
    }
  });
}

// A token goes round a ring of two threads twice: each hand-over releases a permit to a thread that is
// (about to go) asleep in acquire(). A lost wake-up leaves both asleep: a deadlock.
TEST(Controlled, SemaphoreNoLostWakeup) {
  harness::explore([] {
    AnySemaphore first(1);
    AnySemaphore second(0);
    AnySemaphore* turn[] = {&first, &second};
    harness::stress({.threads = 2, .iterations = 2, .pin_to_cores = false}, [&](harness::StressThread& self, long) {
      turn[self.index()]->acquire();
      turn[1 - self.index()]->release();
    });
    if (!first.try_acquire()) {
      harness::fail_check("after a token went twice round a ring of 2 threads, it was not back at the start: "
                          "a released permit was lost");
    }
  });
}

// Two threads block in acquire() on a Semaphore(0); one release(2) must let both through. If both are
// asleep when release(2) wakes only one, the other sleeps on with a permit available: a deadlock.
TEST(Controlled, SemaphoreReleaseWakesN) {
  harness::explore([] {
    AnySemaphore semaphore(0);
    harness::TestThread b("sleeper 0", [&] { semaphore.acquire(); });
    harness::TestThread c("sleeper 1", [&] { semaphore.acquire(); });
    semaphore.release(2);
    b.join();
    c.join();
  });
}

// A wake-up is no timeout: try_acquire_for with a far deadline must get the permit that is released,
// even if it wakes up (spuriously, or because another thread took the permit first) to find none. Here
// the main thread releases the permit, takes it straight back, and gives it back after a yield.
TEST(Controlled, SemaphoreTimedWaitRetries) {
  harness::explore([] {
    AnySemaphore semaphore(0);
    bool got = false;
    harness::TestThread waiter("waiter", [&] { got = semaphore.try_acquire_for(std::chrono::minutes(10)); });
    semaphore.release();
    if (semaphore.try_acquire()) {
      lab::yield();  // the waiter may wake up here and find no permit
      semaphore.release();
    }
    waiter.join();
    if (!got) {
      harness::fail_check("try_acquire_for(10 min) returned false long before its timeout, although a permit "
                          "was released for it\nA wake-up without a permit (spurious, or another thread was "
                          "faster) only means \"look again\": sleep again for the time that is left.");
    }
  });
}

// Two threads pass three rounds of a Barrier(2); a thread that leaves a round early is seen by the
// RoundChecker, and a round that never completes ends the schedule as a deadlock.
TEST(Controlled, BarrierRounds) {
  harness::explore([] {
    constexpr int kThreads = 2;
    constexpr long kRounds = 3;
    AnyBarrier barrier(kThreads);
    harness::RoundChecker check(kThreads, kRounds);
    harness::stress({.threads = kThreads, .iterations = kRounds, .pin_to_cores = false},
                    [&](harness::StressThread& self, long round) {
                      check.arrive(self.index(), round);
                      const bool last = barrier.arrive_and_wait();
                      check.passed(self.index(), round, last);
                    });
    if (!check.ok()) harness::fail_check("Barrier for 2 threads over 3 rounds: " + check.explain());
  });
}

}  // namespace
}  // namespace semaphore_lab
