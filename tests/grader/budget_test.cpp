// Tests of time-budget arithmetic: duration text, reserve, repetition plans, the controlled search's share.
#include "budget.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "controlled_spec.hpp"
#include "progressive.hpp"

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

TEST(Budget, PlanRecordsTheShareOfTheNeededTime) {
  EXPECT_DOUBLE_EQ(plan_test({10s, 40, 1.0}, 8, 60s).share, 0.25);
  EXPECT_DOUBLE_EQ(plan_test({100s, 20, 0.5}, 5, 60s).share, 1.0);
  EXPECT_DOUBLE_EQ(plan_test({10s, 1000, std::nullopt}, 4, 60s).share, 1.0);
}

TEST(Budget, ControlledSearchShrinksWithTheShare) {
  const ControlledSpec own{"pct", 2000, 20000ms, std::nullopt};
  EXPECT_EQ(shrunk_search_budget(own, 0.25, 60s), 5000ms);
  // Without `seconds` in course.yaml the harness's default is what shrinks.
  EXPECT_EQ(shrunk_search_budget(ControlledSpec{}, 0.5, 60s), kHarnessSearchBudget / 2);
  // Never more than its own, never below 100 ms.
  EXPECT_EQ(shrunk_search_budget(ControlledSpec{"pct", std::nullopt, 2000ms, std::nullopt}, 1.0, 60s), 2000ms);
  EXPECT_EQ(shrunk_search_budget(own, 0.0001, 60s), 100ms);
  // Minimizing a failure (15 s) must still fit in a time limit the budget cut; else half of it.
  EXPECT_EQ(shrunk_search_budget(own, 1.0, 20s), 5000ms);
  EXPECT_EQ(shrunk_search_budget(own, 1.0, 10s), 5000ms);
}

LabSpec lab_with_controlled_test(std::optional<std::chrono::milliseconds> seconds) {
  TestSpec test;
  test.id = "controlled_no_lost_wakeup";
  test.configs = {kControlledConfig};
  test.time_limit = 60s;
  test.controlled = ControlledSpec{"pct", 2000, seconds, std::nullopt};
  LabSpec lab;
  lab.id = "mutex";
  lab.tests = {test};
  return lab;
}

std::vector<std::string> planned_flags(const LabSpec& lab, const TestPlan& plan) {
  return controlled_flags(*planned_lab(lab, "controlled_no_lost_wakeup", plan, true).tests.front().controlled);
}

bool has(const std::vector<std::string>& flags, const std::string& flag) {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

TEST(Budget, CutShortRunGivesControlledTestsAProportionalSearch) {
  const LabSpec lab = lab_with_controlled_test(20000ms);
  EXPECT_TRUE(has(planned_flags(lab, {true, 1, 60s, 0.25}), "--lab-budget-ms=5000"));
  // A time limit cut to what remains caps the search (15 s are kept for minimizing a failure).
  EXPECT_TRUE(has(planned_flags(lab, {true, 1, 25s, 1.0}), "--lab-budget-ms=10000"));
  // Not cut short: course.yaml's budget as it is.
  EXPECT_TRUE(has(planned_flags(lab, {true, 1, 60s, 1.0}), "--lab-budget-ms=20000"));
  // No `seconds` in course.yaml: no flag unless cut short, then a share of the harness's default.
  const LabSpec without = lab_with_controlled_test(std::nullopt);
  EXPECT_EQ(planned_flags(without, {true, 1, 60s, 1.0}), (std::vector<std::string>{"--lab-strategy=pct", "--lab-schedules=2000"}));
  EXPECT_TRUE(has(planned_flags(without, {true, 1, 60s, 0.1}), "--lab-budget-ms=2000"));
}

}  // namespace
}  // namespace grader
