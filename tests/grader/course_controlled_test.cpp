// Tests of a test's `controlled:` block in course.yaml: good values, every bad value with FILE:LINE:COL,
// and the harness flags the grader passes for it.
#include <gtest/gtest.h>

#include <string>

#include "controlled_spec.hpp"
#include "course.hpp"
#include "course_file_fixture.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;

// Line 15 is "        configs: [controlled]", line 16 "        controlled: ..." (its map at column 21).
const std::string kControlledCourse = R"(course: Test course
configs:
  plain: Plain build.
  controlled: Controlled build.
labs:
  mutex:
    title: Locks
    files: [locks.cpp]
    configs: [plain, controlled]
    tests:
      - id: no_lost_wakeup
        name: no lost wake-up
        gtest: Controlled.MutexNoLostWakeup
        points: 4
        configs: [controlled]
        controlled: {strategy: bounded, schedules: 500, seconds: 20}
)";

class CourseControlledTest : public testing::CourseFileTest {
 protected:
  // The base course with its controlled block replaced by `block` (the text after "controlled: ").
  static std::string with_block(const std::string& block) {
    std::string text = kControlledCourse;
    const std::string from = "{strategy: bounded, schedules: 500, seconds: 20}";
    return text.replace(text.find(from), from.size(), block);
  }
};

TEST_F(CourseControlledTest, BlockBecomesSpecAndFlags) {
  write(kControlledCourse);
  const Course course = load_course(path_);
  const TestSpec& test = course.labs[0].tests[0];
  ASSERT_TRUE(test.controlled);
  EXPECT_EQ(test.controlled->strategy, "bounded");
  EXPECT_EQ(test.controlled->schedules, 500);
  EXPECT_EQ(test.controlled->budget, std::chrono::milliseconds(20000));
  EXPECT_FALSE(test.controlled->pct_depth);
  EXPECT_EQ(controlled_flags(*test.controlled),
            (std::vector<std::string>{"--lab-strategy=bounded", "--lab-schedules=500", "--lab-budget-ms=20000"}));
}

TEST_F(CourseControlledTest, PctDepthAndFractionalSeconds) {
  write(with_block("{strategy: pct, pct_depth: 2, seconds: 1.5}"));
  const ControlledSpec spec = *load_course(path_).labs[0].tests[0].controlled;
  EXPECT_EQ(controlled_flags(spec),
            (std::vector<std::string>{"--lab-strategy=pct", "--lab-budget-ms=1500", "--lab-pct-depth=2"}));
}

TEST_F(CourseControlledTest, EmptyBlockKeepsTheHarnessDefaults) {
  write(with_block("{}"));
  const Course course = load_course(path_);
  EXPECT_TRUE(controlled_flags(*course.labs[0].tests[0].controlled).empty());
}

TEST_F(CourseControlledTest, TestsWithoutTheBlockHaveNone) {
  std::string text = kControlledCourse;
  text.erase(text.find("        controlled: {"));
  write(text);
  EXPECT_FALSE(load_course(path_).labs[0].tests[0].controlled);
}

TEST_F(CourseControlledTest, UnknownStrategySuggestsTheClosest) {
  EXPECT_EQ(error_of(with_block("{strategy: bounde}")),
            at(16, 32, "'strategy' must be pct, random or bounded, got 'bounde' (test 'no_lost_wakeup' of lab "
                       "'mutex') (did you mean 'bounded'?)"));
}

TEST_F(CourseControlledTest, SchedulesMustBePositiveWholeNumbers) {
  EXPECT_EQ(error_of(with_block("{schedules: 0}")),
            at(16, 33, "'schedules' must be between 1 and 10000000, got 0 (test 'no_lost_wakeup' of lab 'mutex')"));
  EXPECT_EQ(error_of(with_block("{schedules: many}")),
            at(16, 33, "'schedules' must be a whole number, got a string (test 'no_lost_wakeup' of lab 'mutex')"));
}

TEST_F(CourseControlledTest, SecondsMustFitTheTimeLimit) {
  EXPECT_EQ(error_of(with_block("{seconds: 0}")),
            at(16, 31, "'seconds' must be greater than 0 and at most 3600, got 0 (test 'no_lost_wakeup' of lab "
                       "'mutex')"));
  EXPECT_EQ(error_of(with_block("{seconds: 50}")),
            at(16, 31, "'seconds' (50s) plus 15s to minimize a failure must be shorter than 'time_limit' (1m) "
                       "(test 'no_lost_wakeup' of lab 'mutex')"));
}

TEST_F(CourseControlledTest, PctDepthOnlyForPctAndInRange) {
  EXPECT_EQ(error_of(with_block("{strategy: random, pct_depth: 2}")),
            at(16, 40, "'pct_depth' applies only to strategy pct, not random (test 'no_lost_wakeup' of lab 'mutex')"));
  EXPECT_EQ(error_of(with_block("{pct_depth: 11}")),
            at(16, 33, "'pct_depth' must be between 1 and 10, got 11 (test 'no_lost_wakeup' of lab 'mutex')"));
}

TEST_F(CourseControlledTest, UnknownKeyInTheBlock) {
  EXPECT_EQ(error_of(with_block("{schedule: 5}")),
            at(16, 22, "unknown key 'schedule' in 'controlled' of test 'no_lost_wakeup' of lab 'mutex' (did you "
                       "mean 'schedules'?)"));
}

TEST_F(CourseControlledTest, BlockNeedsTheControlledConfig) {
  std::string text = kControlledCourse;
  text.replace(text.find("configs: [controlled]"), 21, "configs: [plain]");
  EXPECT_EQ(error_of(text), at(16, 9, "'controlled' needs 'controlled' among the test's 'configs' (test "
                                      "'no_lost_wakeup' of lab 'mutex')"));
}

TEST_F(CourseControlledTest, BlockMustBeAMap) {
  EXPECT_EQ(error_of(with_block("fast")).substr(0, at(16, 21, "").size()), at(16, 21, ""));
}

TEST(RealCourseControlled, MutexControlledTestsCarryTheirBudget) {
  const Course course = load_course(fs::path(LABS_SOURCE_DIR) / "course.yaml");
  const LabSpec& mutex = *course.find_lab("mutex");
  for (const char* id : {"controlled_spin_exclusion", "controlled_ticket_exclusion", "controlled_mutex_exclusion",
                         "controlled_no_lost_wakeup", "controlled_mutex_try_lock", "controlled_ticket_try_lock"}) {
    const TestSpec* test = mutex.find_test(id);
    ASSERT_NE(test, nullptr) << id;
    EXPECT_EQ(test->configs, (std::vector<std::string>{"controlled"})) << id;
    ASSERT_TRUE(test->controlled) << id;
    EXPECT_EQ(test->controlled->strategy, "pct") << id;
  }
}

}  // namespace
}  // namespace grader
