// Graded tests of lab::DiningTable: no deadlock (with the wait-for cycle named), no starvation, concurrency.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "monitor_tests_util.hpp"

namespace monitor_lab {
namespace {

constexpr int kSeats = 5;

// Fork f lies between philosopher f - 1 and philosopher f; philosopher i uses forks i and i + 1.
int second_fork(int philosopher) { return (philosopher + 1) % kSeats; }

// Who holds each fork, as the test sees it (relaxed: it adds no synchronisation between philosophers).
class Forks {
 public:
  // Returns the neighbour already holding one of i's forks, or -1.
  int take(int philosopher) {
    for (const int fork : {philosopher, second_fork(philosopher)}) {
      int expected = -1;
      if (!holder_[fork].compare_exchange_strong(expected, philosopher, std::memory_order_relaxed)) return expected;
    }
    return -1;
  }
  void give_back(int philosopher) {
    for (const int fork : {philosopher, second_fork(philosopher)}) {
      int expected = philosopher;
      holder_[fork].compare_exchange_strong(expected, -1, std::memory_order_relaxed);
    }
  }

 private:
  std::atomic<int> holder_[kSeats] = {-1, -1, -1, -1, -1};
};

std::string philosopher_name(int i) { return "philosopher " + std::to_string(i); }

// All five philosophers eat as fast as they can, started together. A table where everyone first takes
// one fork and then waits for the other deadlocks as soon as all hold their first fork; the watchdog
// then names the cycle of who waits for whom. Neighbours must never eat at the same time.
TEST(DiningTable, NoDeadlock) {
  const long meals = for_config({.plain = 20000, .tsan = 2000, .perturb = 4000});
  const Budget budget({.plain = 1500, .tsan = 3000, .perturb = 2000});
  AnyTable table(kSeats);
  Forks forks;
  std::atomic<bool> broken{false};
  harness::stress({.threads = kSeats, .iterations = meals, .thread_name = "philosopher"},
                  [&](harness::StressThread& self, long) {
    if (budget.spent() || broken.load(std::memory_order_relaxed)) return;
    const int me = self.index();
    {
      // Philosopher i's second fork is shared with the philosopher of that number.
      harness::WaitNote note("fork " + std::to_string(second_fork(me)), philosopher_name(second_fork(me)));
      table.pick_up(me);
    }
    if (const int other = forks.take(me); other >= 0 && !broken.exchange(true)) {
      harness::fail_check("philosophers " + std::to_string(other) + " and " + std::to_string(me) +
                          " ate at the same time although they share a fork");
    }
    forks.give_back(me);
    table.put_down(me);
  });
}

// Philosophers 0 and 2 eat in turns that overlap (each keeps eating until the other has started again,
// up to a limit), so philosopher 1 between them never sees both forks free at once. A table that lets
// a philosopher eat only when both neighbours happen to be thinking starves philosopher 1.
TEST(DiningTable, NoStarvation) {
  constexpr long kBound = 200;  // meals of the neighbours while philosopher 1 is hungry
  constexpr int kMeals = 3;
  const auto hold_limit = harness::config_name() == "plain" ? 100ms : 200ms;
  AnyTable table(kSeats);
  std::atomic<long> meals{0};
  std::atomic<long> hungry_since{-1};
  std::atomic<bool> stop{false};
  Threads neighbours;
  for (const int me : {0, 2}) {
    neighbours.push_back(std::make_unique<harness::TestThread>(philosopher_name(me), [&, me] {
      while (!stop.load()) {
        table.pick_up(me);
        const long mine = meals.fetch_add(1) + 1;
        const auto deadline = std::chrono::steady_clock::now() + hold_limit;
        while (meals.load() == mine && !stop.load() && std::chrono::steady_clock::now() < deadline) {
          harness::progress();
          std::this_thread::sleep_for(20us);
        }
        table.put_down(me);
      }
    }));
  }
  eventually([&] { return meals.load() >= 10; });
  harness::TestThread hungry(philosopher_name(1), [&] {
    for (int m = 0; m < kMeals && !stop.load(); ++m) {
      hungry_since.store(meals.load());
      table.pick_up(1);
      hungry_since.store(-1);
      table.put_down(1);
      idle_for(5ms);
    }
  });
  long starved_for = 0;
  while (!hungry.probe().finished()) {
    const long since = hungry_since.load();
    if (since >= 0 && meals.load() - since > kBound) {
      starved_for = meals.load() - since;
      break;
    }
    harness::progress();
    std::this_thread::sleep_for(200us);
  }
  stop.store(true);
  hungry.join();
  if (!all_finish(neighbours, [] {})) {
    harness::fail_check("a philosopher did not get out of DiningTable::put_down()");
  } else if (starved_for > 0) {
    harness::fail_check("philosopher 1 starved: its neighbours 0 and 2 ate " + std::to_string(starved_for) +
                        " times while it was hungry (allowed: " + std::to_string(kBound) +
                        ")\nA hungry philosopher must get priority over a neighbour that became hungry later.");
  }
}

// Philosophers 0 and 2 share no fork: both must be able to eat at the same time.
TEST(DiningTable, NonNeighboursEatTogether) {
  AnyTable table(kSeats);
  table.pick_up(0);
  Threads other;
  other.push_back(std::make_unique<harness::TestThread>(philosopher_name(2), [&] {
    table.pick_up(2);
    table.put_down(2);
  }));
  const bool together = eventually([&] { return finished_count(other) == 1; });
  table.put_down(0);
  if (!all_finish(other, [] {})) {
    harness::fail_check("philosopher 2 could not eat even after philosopher 0 put its forks down");
  } else if (!together) {
    harness::fail_check("philosopher 2 had to wait while philosopher 0 ate, although they share no fork\n"
                        "Only neighbours exclude each other: at least two of five philosophers can eat at once.");
  }
}

}  // namespace
}  // namespace monitor_lab
