// Graded tests of the Barrier: round after round with 2, 3 and 8 threads, no early pass for a thread that
// hurries back, and a barrier of one.
#include <string>
#include <thread>

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
