// Unit tests of the run context: configuration name and the seeded Rng.
#include <gtest/gtest.h>

#include <harness/run_context.hpp>

namespace {

TEST(RunContext, KnowsItsConfiguration) {
  EXPECT_EQ(harness::config_name(), "plain");
  EXPECT_FALSE(harness::perturbation_enabled());
}

TEST(Rng, SameStreamSameSequence) {
  harness::Rng a(7);
  harness::Rng b(7);
  harness::Rng c(8);
  const std::uint64_t first = a.next();
  EXPECT_EQ(first, b.next());
  EXPECT_NE(first, c.next());
}

TEST(Rng, BelowStaysInRangeAndChanceHonoursExtremes) {
  harness::Rng rng(1);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(rng.below(7), 7u);
  EXPECT_FALSE(rng.chance(0.0));
  EXPECT_TRUE(rng.chance(1.0));
}

}  // namespace
