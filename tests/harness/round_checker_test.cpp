// Unit tests of RoundChecker, with the barrier's rounds played out by hand from one thread.
#include <gtest/gtest.h>

#include <harness/round_checker.hpp>

namespace {

// Both threads arrive, then both pass, for `rounds` rounds; thread `last` is the last each round.
void play_correct_rounds(harness::RoundChecker& check, long rounds, int last) {
  for (long round = 0; round < rounds; ++round) {
    check.arrive(0, round);
    check.arrive(1, round);
    EXPECT_TRUE(check.passed(0, round, last == 0));
    EXPECT_TRUE(check.passed(1, round, last == 1));
  }
}

TEST(RoundChecker, CorrectRoundsAreOk) {
  harness::RoundChecker check(2, 3);
  play_correct_rounds(check, 3, 1);
  EXPECT_TRUE(check.ok()) << check.explain();
}

TEST(RoundChecker, LeavingBeforeTheOtherArrivedIsAnEarlyPass) {
  harness::RoundChecker check(2, 2);
  play_correct_rounds(check, 1, 0);
  check.arrive(0, 1);
  EXPECT_FALSE(check.passed(0, 1, true));  // worker 1 is still in round 0
  EXPECT_FALSE(check.ok());
  EXPECT_NE(check.explain().find("worker 0 left round 1 of the barrier before worker 1 had arrived in it"),
            std::string::npos)
      << check.explain();
}

TEST(RoundChecker, ExactlyOneLastThreadPerRound) {
  harness::RoundChecker check(2, 1);
  check.arrive(0, 0);
  check.arrive(1, 0);
  EXPECT_TRUE(check.passed(0, 0, true));
  EXPECT_TRUE(check.passed(1, 0, true));
  EXPECT_FALSE(check.ok());
  EXPECT_NE(check.explain().find("in round 0, 2 threads were told they were the last"), std::string::npos)
      << check.explain();
}

}  // namespace
