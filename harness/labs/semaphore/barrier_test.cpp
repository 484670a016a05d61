// Graded tests of the Barrier: round after round with 2, 3 and 8 threads, no early pass for a thread that
// hurries back, the last thread to arrive (and only it) told so, and a barrier of one.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <harness/round_checker.hpp>

#include "sync_tests_util.hpp"

namespace semaphore_lab {
namespace {

// What a thread does between two rounds.
enum class Pace {
  eager,   // straight back into the next round
  varied,  // a seeded short pause first: yields or a few microseconds of spinning
};

void pause_between_rounds(harness::Rng& rng) {
  const auto kind = rng.below(4);
  if (kind == 0) {
    std::this_thread::yield();
  } else if (kind == 1) {
    for (auto spins = rng.below(2000); spins > 0; --spins) harness::progress();
  }
}

// `threads` threads pass `rounds` rounds; thread 0 always hurries (`Pace::eager`), the others follow
// `others`. The RoundChecker sees any thread that leaves a round before everybody arrived in it.
void expect_rounds(int threads, long rounds, Pace others) {
  AnyBarrier barrier(static_cast<std::uint32_t>(threads));
  harness::RoundChecker check(threads, rounds);
  harness::stress({.threads = threads, .iterations = rounds}, [&](harness::StressThread& self, long round) {
    check.arrive(self.index(), round);
    const bool last = barrier.arrive_and_wait();
    check.passed(self.index(), round, last);
    if (self.index() != 0 && others == Pace::varied) pause_between_rounds(self.rng());
  });
  if (!check.ok()) {
    harness::fail_check("Barrier for " + std::to_string(threads) + " threads over " + std::to_string(rounds) +
                        " rounds: " + check.explain());
  }
}

TEST(Barrier, Rounds2Threads) { expect_rounds(2, sized({.plain = 20000, .perturb = 3000, .instrumented = 3000}), Pace::eager); }
TEST(Barrier, Rounds3Threads) { expect_rounds(3, sized({.plain = 10000, .perturb = 2000, .instrumented = 2000}), Pace::eager); }
TEST(Barrier, Rounds8Threads) { expect_rounds(8, sized({.plain = 3000, .perturb = 1000, .instrumented = 1000}), Pace::eager); }

// The "precocious thread" of The Little Book of Semaphores: thread 0 goes straight back while the others
// dawdle; a barrier without generations lets it through the next round alone.
TEST(Barrier, NoEarlyPass) {
  for (int threads : {2, 3, 4}) {
    expect_rounds(threads, sized({.plain = 3000, .perturb = 1000, .instrumented = 1000}), Pace::varied);
    if (::testing::Test::HasFailure()) return;
  }
}

// Arrivals in an order the test chooses: in round r, thread r % n arrives last, each of the others only
// once the one before it is seen waiting inside arrive_and_wait() (a lab:: wait: futex_wait, yield or
// cpu_relax; it must have arrived to wait). The thread that arrived last, and only it, must be told so.
class OrderedRounds {
 public:
  OrderedRounds(int threads, long rounds)
      : threads_(threads), rounds_(rounds), barrier_(static_cast<std::uint32_t>(threads)), slots_(threads) {}

  // Lets workers waiting for their turn go home (a worker stuck inside the barrier stays stuck).
  ~OrderedRounds() { stop_.store(true); }
  OrderedRounds(const OrderedRounds&) = delete;
  OrderedRounds& operator=(const OrderedRounds&) = delete;

  // Runs every round; false (with a finding) on the first wrong answer or a round that never ends.
  bool run();

 private:
  struct alignas(64) Slot {
    std::atomic<long> go{-1};    // the round this thread may arrive in
    std::atomic<long> done{-1};  // the last round it returned from
    std::atomic<int> told_last{-1};
  };
  void body(int who);
  bool wait_inside(int who, long round, bool& seen_waiting);
  bool check_round(long round, int last, bool verified);

  const int threads_;
  const long rounds_;
  AnyBarrier barrier_;
  std::vector<Slot> slots_;
  std::atomic<bool> stop_{false};
  std::vector<std::unique_ptr<harness::TestThread>> workers_;  // last: joined before the rest is destroyed
};

void OrderedRounds::body(int who) {
  Slot& slot = slots_[static_cast<std::size_t>(who)];
  for (long round = 0; round < rounds_; ++round) {
    while (slot.go.load() < round) {
      if (stop_.load()) return;
      harness::progress();
      std::this_thread::sleep_for(std::chrono::microseconds(50));  // not a lab:: wait: it counts no wait_ops
    }
    slot.told_last.store(barrier_.arrive_and_wait() ? 1 : 0);
    slot.done.store(round);
  }
}

// Lets `who` arrive in `round` and waits until it waits inside the barrier. `seen_waiting` is false when
// it made no lab:: wait (a barrier that spins on loads alone): then the test cannot know that it arrived.
bool OrderedRounds::wait_inside(int who, long round, bool& seen_waiting) {
  Slot& slot = slots_[static_cast<std::size_t>(who)];
  const harness::ThreadProbe& probe = workers_[static_cast<std::size_t>(who)]->probe();
  const auto waits_before = probe.wait_ops();
  slot.go.store(round);
  seen_waiting = poll_until([&] { return probe.wait_ops() > waits_before || slot.done.load() >= round; });
  if (slot.done.load() < round) return true;
  harness::fail_check("Barrier for " + std::to_string(threads_) + " threads: worker " + std::to_string(who) +
                      " returned from arrive_and_wait() in round " + std::to_string(round) +
                      " although the other threads had not arrived");
  return false;
}

bool OrderedRounds::check_round(long round, int last, bool verified) {
  for (int who = 0; who < threads_; ++who) {
    const int told = slots_[static_cast<std::size_t>(who)].told_last.load();
    if (who == last && told != 1 && verified) {
      harness::fail_check("Barrier for " + std::to_string(threads_) + " threads, round " + std::to_string(round) +
                          ": worker " + std::to_string(who) +
                          " arrived last (every other worker was already waiting inside arrive_and_wait()), "
                          "but arrive_and_wait() returned false to it\n"
                          "Return true to the thread whose arrival completes the round, false to the others.");
      return false;
    }
    if (who != last && told == 1 && verified) {
      harness::fail_check("Barrier for " + std::to_string(threads_) + " threads, round " + std::to_string(round) +
                          ": arrive_and_wait() returned true to worker " + std::to_string(who) +
                          ", which was waiting inside it before worker " + std::to_string(last) +
                          " arrived last\nOnly the thread whose arrival completes the round is the last.");
      return false;
    }
  }
  return true;
}

bool OrderedRounds::run() {
  for (int who = 0; who < threads_; ++who) {
    workers_.push_back(std::make_unique<harness::TestThread>("worker " + std::to_string(who), [this, who] { body(who); }));
  }
  for (long round = 0; round < rounds_; ++round) {
    const int last = static_cast<int>(round % threads_);
    bool verified = true;
    for (int who = 0; who < threads_; ++who) {
      bool seen_waiting = true;
      if (who != last && !wait_inside(who, round, seen_waiting)) return false;  // workers cannot be stopped
      verified = verified && seen_waiting;
    }
    slots_[static_cast<std::size_t>(last)].go.store(round);
    const bool all_done = poll_until([&] {
      for (const Slot& slot : slots_) {
        if (slot.done.load() < round) return false;
      }
      return true;
    });
    if (!all_done) {
      harness::fail_check("Barrier for " + std::to_string(threads_) + " threads: round " + std::to_string(round) +
                          " never ended although every thread had arrived");
      return false;  // the workers cannot be stopped; the watchdog ends the test
    }
    if (!check_round(round, last, verified)) return false;
  }
  return true;
}

// Which thread is told it arrived last: not just "exactly one per round", but the right one. A barrier
// that names the first to arrive, or the last to leave, passes the stress tests' count and fails here.
TEST(Barrier, LastToArriveIsTold) {
  for (int threads : {2, 3, 4}) {
    OrderedRounds rounds(threads, 2L * threads);
    if (!rounds.run()) return;
  }
}

// A barrier of one never waits and its only thread is always the last.
TEST(Barrier, SingleThread) {
  AnyBarrier barrier(1);
  long not_last = 0;
  harness::TestThread alone("alone", [&] {
    for (int round = 0; round < 1000; ++round) not_last += barrier.arrive_and_wait() ? 0 : 1;
  });
  if (!finishes(alone)) {
    harness::fail_check("Barrier(1): arrive_and_wait() by its only thread did not return\n"
                        "With one thread, the first to arrive is also the last: it must not wait.");
    return;  // the thread cannot be stopped; the watchdog ends the test
  }
  if (not_last != 0) {
    harness::fail_check("Barrier(1): arrive_and_wait() returned false in " + std::to_string(not_last) +
                        " of 1000 rounds; the only thread is always the last to arrive");
  }
}

}  // namespace
}  // namespace semaphore_lab
