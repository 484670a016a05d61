// Unit tests of OccupancyChecker, driven deterministically from one thread.
#include <gtest/gtest.h>

#include <harness/occupancy.hpp>

namespace {

TEST(OccupancyChecker, WithinTheBoundIsOk) {
  harness::OccupancyChecker occupancy(2);
  EXPECT_TRUE(occupancy.enter(0));
  EXPECT_TRUE(occupancy.enter(1));
  occupancy.leave();
  EXPECT_TRUE(occupancy.enter(2));
  occupancy.leave();
  occupancy.leave();
  EXPECT_TRUE(occupancy.ok());
  EXPECT_EQ(occupancy.most_inside(), 2);
}

TEST(OccupancyChecker, AnEntryBeyondTheBoundIsReportedWithItsThread) {
  harness::OccupancyChecker occupancy(1);
  EXPECT_TRUE(occupancy.enter(4));
  EXPECT_FALSE(occupancy.enter(7));  // worker 7 gets in while worker 4 holds the only permit
  occupancy.leave();
  occupancy.leave();
  EXPECT_FALSE(occupancy.ok());
  EXPECT_EQ(occupancy.violations(), 1);
  const std::string why = occupancy.explain(2);
  EXPECT_NE(why.find("worker 7 got a permit, making 2 holders at once"), std::string::npos) << why;
  EXPECT_NE(why.find("at most 1 may hold a permit at once (1 of 2 entries"), std::string::npos) << why;
}

}  // namespace
