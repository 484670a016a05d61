// Graded tests for controlled mode: small monitor workloads whose every interleaving the scheduler may explore.
//
// Each body is one schedule: two or three threads, a few rounds, every wait in lab:: operations (a thread
// runs only when the scheduler picks it). A lost or missing wake-up ends the schedule as a deadlock, a
// broken exclusion or a stolen wake-up shows in the test's own checks. In other builds each body runs once.
#include <algorithm>
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <harness/controlled.hpp>
#include <lab/cpu.hpp>

#include "monitor_tests_util.hpp"
#include "take_turns.hpp"

namespace monitor_lab {
namespace {

std::string list(const std::vector<long>& items) {
  std::string text;
  for (const long item : items) text += (text.empty() ? "" : ", ") + std::to_string(item);
  return text;
}

// Two players, 3 turns each (take_turns.hpp): a lost notify leaves both asleep (deadlock).
TEST(Controlled, CondVarNoLostWakeup) {
  harness::explore([] { take_turns(3); });
}

// Two waiters wait for a flag; the main thread sets it and calls notify_all() once. In the schedules
// where both already sleep, a notify_all() that wakes only one leaves the other asleep (deadlock).
TEST(Controlled, CondVarNotifyAllWakesAll) {
  harness::explore([] {
    AnyMutex mutex;
    AnyCondVar go_changed;
    bool go = false;  // guarded by mutex
    const auto wait_for_go = [&] {
      mutex.lock();
      while (!go) go_changed.wait(mutex);
      mutex.unlock();
    };
    harness::TestThread first("waiter 0", wait_for_go);
    harness::TestThread second("waiter 1", wait_for_go);
    mutex.lock();
    go = true;
    go_changed.notify_all();
    mutex.unlock();
  });
}

// One producer puts four items through a buffer of capacity 1; two consumers take two each. Every item
// must be taken exactly once. A consumer woken for an item that the other consumer takes first (a stolen
// wake-up) must wait again; a put that wakes no consumer leaves one asleep (deadlock).
TEST(Controlled, BufferHandsEveryItemOver) {
  harness::explore([] {
    constexpr long kItems = 4;
    AnyBuffer buffer(1);
    std::vector<long> got[2];
    const auto consume = [&](int me) {
      for (long i = 0; i < kItems / 2; ++i) got[me].push_back(buffer.take().value_or(-1));
    };
    {
      harness::TestThread producer("producer", [&] {
        for (long item = 1; item <= kItems; ++item) buffer.put(item);
      });
      harness::TestThread first("consumer 0", [&] { consume(0); });
      harness::TestThread second("consumer 1", [&] { consume(1); });
    }
    std::vector<long> all(got[0]);
    all.insert(all.end(), got[1].begin(), got[1].end());
    std::sort(all.begin(), all.end());
    if (all != std::vector<long>{1, 2, 3, 4}) {
      harness::fail_check("the consumers took " + list(all) + " instead of 1, 2, 3, 4 (-1: no item)\n"
                          "A wake-up is only a hint: another consumer may have taken the item first. Wait in a loop: "
                          "while (count == 0 && !closed) not_empty.wait(mutex);");
    }
  });
}

// A producer puts a third item into a full buffer of capacity 2 while the main thread frees one slot
// with try_take(). In the schedules where the producer already sleeps in put(), a try_take() that wakes
// nobody (no notify, the wrong condition variable, a notify only when the buffer is empty) leaves it
// asleep for ever: a deadlock. Nothing else ends the wait: no close(), no take().
TEST(Controlled, BufferTryTakeWakesPutter) {
  harness::explore([] {
    AnyBuffer buffer(2);
    buffer.put(1);
    buffer.put(2);
    std::optional<long> first;
    {
      harness::TestThread producer("producer", [&] { buffer.put(3); });
      first = buffer.try_take();
    }
    const std::vector<long> rest{buffer.try_take().value_or(-1), buffer.try_take().value_or(-1)};
    if (first != 1 || rest != std::vector<long>{2, 3}) {
      harness::fail_check("a full buffer of capacity 2 holding 1, 2, with try_take() beside put(3), gave " +
                          std::to_string(first.value_or(-1)) + " then " + list(rest) + " (expected 1, then 2, 3)");
    }
  });
}

// Two takers on an empty buffer; the main thread closes it. Both must return, with no item: in the
// schedules where both already sleep, a close() that wakes only one leaves the other asleep (deadlock).
TEST(Controlled, BufferCloseWakesEveryTaker) {
  harness::explore([] {
    AnyBuffer buffer(1);
    std::optional<long> got[2] = {0L, 0L};
    {
      harness::TestThread first("taker 0", [&] { got[0] = buffer.take(); });
      harness::TestThread second("taker 1", [&] { got[1] = buffer.take(); });
      buffer.close();
    }
    if (got[0] || got[1]) harness::fail_check("take() on a closed, empty buffer returned an item");
  });
}

// Two readers and a writer, two rounds each, a yield() inside every read and write where another thread
// could get in. A writer must be alone; a reader must never meet a writer.
TEST(Controlled, RWLockWriterAlone) {
  harness::explore([] {
    AnyRWLock lock;
    std::atomic<int> readers{0};
    std::atomic<int> writers{0};
    const auto check = [&](const char* who) {
      if (writers.load() > 1 || (writers.load() == 1 && readers.load() > 0)) {
        harness::fail_check(std::string("RWLock: ") + who + " found " + std::to_string(writers.load()) +
                            " writer(s) and " + std::to_string(readers.load()) +
                            " reader(s) inside together: a writer must be alone");
      }
    };
    harness::stress({.threads = 3, .iterations = 2, .pin_to_cores = false, .thread_name = "user"},
                    [&](harness::StressThread& self, long) {
                      const bool writer = self.index() == 0;
                      if (writer) {
                        lock.lock();
                        writers.fetch_add(1);
                      } else {
                        lock.lock_shared();
                        readers.fetch_add(1);
                      }
                      check(writer ? "a writer" : "a reader");
                      lab::yield();  // another thread may run here: a correct lock keeps a writer out
                      check(writer ? "a writer" : "a reader");
                      if (writer) {
                        writers.fetch_sub(1);
                        lock.unlock();
                      } else {
                        readers.fetch_sub(1);
                        lock.unlock_shared();
                      }
                    });
  });
}

// Three philosophers, two meals each (at a table of three, everyone is everyone's neighbour, so at most
// one eats at a time). Philosophers who each hold one fork and wait for the next deadlock.
TEST(Controlled, DiningNoDeadlock) {
  harness::explore([] {
    constexpr int kSeats = 3;
    AnyTable table(kSeats);
    std::atomic<int> eating{0};
    harness::stress({.threads = kSeats, .iterations = 2, .pin_to_cores = false, .thread_name = "philosopher"},
                    [&](harness::StressThread& self, long) {
                      table.pick_up(self.index());
                      if (eating.fetch_add(1) > 0) {
                        harness::fail_check("two of three philosophers ate at the same time although they share a fork");
                      }
                      lab::yield();  // a neighbour may run here: a correct table keeps it from eating
                      eating.fetch_sub(1);
                      table.put_down(self.index());
                    });
  });
}

}  // namespace
}  // namespace monitor_lab
