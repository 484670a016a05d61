// Unit tests of the checkers' logic, driven deterministically from one thread.
#include <gtest/gtest.h>

#include <harness/checkers.hpp>

namespace {

testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

TEST(CriticalSection, SequentialEntriesAreOk) {
  harness::CriticalSection section;
  for (int who = 0; who < 3; ++who) {
    section.enter(who);
    section.leave(who);
  }
  EXPECT_EQ(section.violations(), 0);
  EXPECT_TRUE(section.ok(3));
}

TEST(CriticalSection, ForcedOverlapIsDetectedAndExplained) {
  harness::CriticalSection section;
  section.enter(1);
  section.enter(3);  // worker 3 walks in while worker 1 is inside
  section.leave(3);
  section.leave(1);
  section.enter(2);
  section.leave(2);
  EXPECT_EQ(section.violations(), 1);
  EXPECT_FALSE(section.ok(3));
  const std::string why = section.explain(3);
  EXPECT_TRUE(Contains(why, "2 threads were inside the critical section at the same time"));
  EXPECT_TRUE(Contains(why, "worker 3 entered while worker 1 was inside"));
  EXPECT_TRUE(Contains(why, "1 of 3 entries overlapped"));
}

TEST(CriticalSection, IntruderLeavingFirstStillLetsTheVictimLeave) {
  harness::CriticalSection section;
  section.enter(0);
  section.enter(1);
  section.leave(0);
  section.leave(1);
  section.enter(2);  // the section is empty again: no new violation
  section.leave(2);
  EXPECT_EQ(section.violations(), 1);
}

TEST(CriticalSection, MissingEntriesAreReportedAsLostUpdates) {
  harness::CriticalSection section;
  section.enter(0);
  section.leave(0);
  EXPECT_FALSE(section.ok(2));
  EXPECT_TRUE(Contains(section.explain(2), "reached 1 instead of 2"));
}

TEST(FifoChecker, GrantsInArrivalOrderAreInOrder) {
  harness::FifoChecker fifo;
  for (int who : {0, 3, 5}) fifo.arrived(who);
  for (int who : {0, 3, 5}) fifo.granted(who);
  EXPECT_TRUE(fifo.in_order());
}

TEST(FifoChecker, OvertakingIsExplained) {
  harness::FifoChecker fifo;
  for (int who : {0, 3, 5}) fifo.arrived(who);
  for (int who : {0, 5, 3}) fifo.granted(who);
  EXPECT_FALSE(fifo.in_order());
  EXPECT_EQ(fifo.explain(),
            "waiter 3 arrived before waiter 5 but 5 got the lock first (arrival order 0 3 5, grant order 0 5 3)");
}

TEST(FifoChecker, GrantWithoutArrivalIsExplained) {
  harness::FifoChecker fifo;
  fifo.arrived(1);
  fifo.granted(1);
  fifo.granted(2);
  EXPECT_FALSE(fifo.in_order());
  EXPECT_TRUE(Contains(fifo.explain(), "waiter 2 got the lock without having arrived"));
}

TEST(BypassChecker, CountsEntriesWhileAThreadWaits) {
  harness::BypassChecker bypass(2);
  bypass.begin_wait(0);
  for (int turn = 0; turn < 3; ++turn) {
    bypass.begin_wait(1);
    bypass.entered(1);
  }
  bypass.entered(0);
  EXPECT_EQ(bypass.max_bypass(), 3);
  EXPECT_TRUE(bypass.within(3));
  EXPECT_FALSE(bypass.within(2));
}

TEST(BypassChecker, NoWaitingMeansNoBypass) {
  harness::BypassChecker bypass(1);
  bypass.begin_wait(0);
  bypass.entered(0);
  EXPECT_EQ(bypass.max_bypass(), 0);
}

TEST(CpuShare, IsCpuTimeOverInterval) {
  using std::chrono::milliseconds;
  EXPECT_DOUBLE_EQ(harness::cpu_share(milliseconds(100), milliseconds(250), milliseconds(300)), 0.5);
  EXPECT_DOUBLE_EQ(harness::cpu_share(milliseconds(5), milliseconds(5), milliseconds(300)), 0.0);
  EXPECT_DOUBLE_EQ(harness::cpu_share(milliseconds(0), milliseconds(1), milliseconds(0)), 0.0);
}

}  // namespace
