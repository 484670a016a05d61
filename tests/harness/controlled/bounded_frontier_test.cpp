// The bounded search's order: fewest preemptions first, then fewest deviations, and what a deviation costs.
#include <gtest/gtest.h>

#include "controlled_frontier.hpp"

namespace harness::controlled {
namespace {

std::vector<Deviation> deviations(std::size_t n) {
  std::vector<Deviation> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back({static_cast<long>(i), 1});
  return out;
}

// A deviation-bounded search would run the 2-deviation schedule first; preemption bounding must run the
// one with a single preemption, even though it deviates three times.
TEST(BoundedFrontier, FewerPreemptionsBeforeFewerDeviations) {
  BoundedFrontier frontier;
  EXPECT_TRUE(frontier.pop().deviations.empty());  // the default schedule comes first
  frontier.push(deviations(2), 2);
  frontier.push(deviations(3), 1);
  frontier.push(deviations(1), 1);
  EXPECT_EQ(frontier.size(), 3U);
  const BoundedFrontier::Entry first = frontier.pop();
  EXPECT_EQ(first.preemptions, 1);
  EXPECT_EQ(first.deviations.size(), 1U);
  const BoundedFrontier::Entry second = frontier.pop();
  EXPECT_EQ(second.preemptions, 1);
  EXPECT_EQ(second.deviations.size(), 3U);
  const BoundedFrontier::Entry third = frontier.pop();
  EXPECT_EQ(third.preemptions, 2);
  EXPECT_TRUE(frontier.empty());
}

TEST(BoundedFrontier, FirstPushedFirstWithinALevel) {
  BoundedFrontier frontier;
  frontier.pop();
  frontier.push({{4, 2}}, 1);
  frontier.push({{3, 1}}, 1);
  EXPECT_EQ(frontier.pop().deviations.front().step, 4);
  EXPECT_EQ(frontier.pop().deviations.front().step, 3);
}

Decision decision(int current, std::uint64_t ready, std::uint64_t blocked) {
  Decision d;
  d.current = current;
  d.ready = ready;
  d.blocked = blocked;
  return d;
}

TEST(DeviationCost, SwitchingAwayFromARunnableThreadIsAPreemption) {
  EXPECT_EQ(deviation_cost(decision(1, 0b110, 0), 2), 1);
}

TEST(DeviationCost, ChoosingWhenTheCurrentThreadBlockedIsFree) {
  EXPECT_EQ(deviation_cost(decision(1, 0b1100, 0b10), 3), 0);
  EXPECT_EQ(deviation_cost(decision(-1, 0b1100, 0), 3), 0);  // the first decision: nobody ran yet
}

TEST(DeviationCost, ASpuriousWakeUpCostsOne) {
  EXPECT_EQ(deviation_cost(decision(1, 0b100, 0b1010), 3), 1);
}

TEST(DeviationCost, StayingAtAYieldCostsOne) {
  Decision d = decision(1, 0b110, 0);
  d.current_yields = true;
  d.fallback = 2;
  EXPECT_EQ(deviation_cost(d, 1), 1);
}

}  // namespace
}  // namespace harness::controlled
