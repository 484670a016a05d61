// Tests of scoring: all configurations must pass; totals add up; points print without noise.
#include "scoring.hpp"

#include <gtest/gtest.h>

#include "results_fixture.hpp"

namespace grader {
namespace {

using testing::outcome;

TEST(Scoring, TestPassesOnlyWhenEveryConfigPasses) {
  TestResult t = testing::test("a", 6, {outcome("plain", Verdict::pass), outcome("tsan", Verdict::timeout)});
  score_test(t);
  EXPECT_FALSE(t.passed);
  EXPECT_EQ(t.points, 0);
  t.configs[1].verdict = Verdict::pass;
  score_test(t);
  EXPECT_TRUE(t.passed);
  EXPECT_EQ(t.points, 6);
}

TEST(Scoring, NoOutcomesIsNotAPass) {
  TestResult t = testing::test("a", 6, {});
  score_test(t);
  EXPECT_FALSE(t.passed);
}

TEST(Scoring, SubmissionTotals) {
  SubmissionResult r = testing::bob();
  EXPECT_EQ(r.score, 4);
  EXPECT_EQ(r.max, 10);
  EXPECT_EQ(r.labs[0].score, 4);
}

TEST(Scoring, FormatsPoints) {
  EXPECT_EQ(format_points(6), "6");
  EXPECT_EQ(format_points(6.5), "6.5");
  EXPECT_EQ(format_points(0.25), "0.25");
  EXPECT_EQ(format_points(0), "0");
  EXPECT_EQ(format_points(100), "100");
}

}  // namespace
}  // namespace grader
