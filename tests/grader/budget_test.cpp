// Tests of time-budget arithmetic: duration text, reserve, and repetition plans.
#include "budget.hpp"

#include <gtest/gtest.h>

namespace grader {
namespace {

using namespace std::chrono_literals;

TEST(Budget, ParsesDurations) {
  EXPECT_EQ(parse_duration_text("600"), std::chrono::milliseconds(600s));
  EXPECT_EQ(parse_duration_text("90s"), std::chrono::milliseconds(90s));
  EXPECT_EQ(parse_duration_text("10m"), std::chrono::milliseconds(10min));
  EXPECT_EQ(parse_duration_text("1h"), std::chrono::milliseconds(1h));
  EXPECT_EQ(parse_duration_text("500ms"), 500ms);
  for (const char* bad : {"", "0", "-5", "10 m", "1.5m", "10d", "m"}) EXPECT_FALSE(parse_duration_text(bad)) << bad;
}

TEST(Budget, ReserveIsFivePercentWithinBounds) {
  EXPECT_EQ(budget_reserve(10min), 20s);
  EXPECT_EQ(budget_reserve(100s), 5s);
  EXPECT_EQ(budget_reserve(10s), 2s);
}

TEST(Budget, FullRepetitionsWhileEverythingFits) {
  const TestPlan plan = plan_test({100s, 20, 0.5}, 5, 60s);
  EXPECT_TRUE(plan.run);
  EXPECT_EQ(plan.repetitions, 5);
  EXPECT_EQ(plan.time_limit, 60s);
}

TEST(Budget, ScalesRepetitionsDownWhenShort) {
  // 40 iterations at 1 s each need 40 s; 10 s remain: a quarter of the repetitions.
  EXPECT_EQ(plan_test({10s, 40, 1.0}, 8, 60s).repetitions, 2);
  // Never below one repetition.
  EXPECT_EQ(plan_test({2s, 400, 1.0}, 3, 60s).repetitions, 1);
}

TEST(Budget, NoRateYetMeansFullRepetitions) {
  EXPECT_EQ(plan_test({10s, 1000, std::nullopt}, 4, 60s).repetitions, 4);
}

TEST(Budget, TimeLimitCappedByWhatRemains) {
  EXPECT_EQ(plan_test({12500ms, 1, 0.1}, 1, 60s).time_limit, 12s);
  EXPECT_EQ(plan_test({1500ms, 1, 0.1}, 1, 60s).time_limit, 1s);
}

TEST(Budget, NothingStartsWithoutTime) {
  EXPECT_FALSE(plan_test({900ms, 1, 0.1}, 1, 60s).run);
  EXPECT_FALSE(plan_test({-5s, 1, 0.1}, 1, 60s).run);
}

}  // namespace
}  // namespace grader
