// Tests of `covers` (course.yaml) and of the exact replay a covering controlled test lends a stress failure.
#include "covering_replay.hpp"

#include <gtest/gtest.h>

#include "course_file_fixture.hpp"
#include "replay.hpp"

namespace grader {
namespace {

// Line 21 is the controlled test's "covers:" line (its first id at column 18).
const std::string kCourse = R"(course: Test course
configs:
  plain: Plain build.
  controlled: Controlled build.
labs:
  mutex:
    title: Locks
    files: [locks.cpp]
    configs: [plain, controlled]
    tests:
      - id: spin_exclusion_2
        name: spin exclusion
        gtest: SpinLock.MutualExclusion2Threads
        points: 4
        configs: [plain]
      - id: controlled_spin_exclusion
        name: spin exclusion, controlled
        gtest: Controlled.SpinLockExclusion
        points: 4
        configs: [controlled]
        covers: [spin_exclusion_2]
)";

class CoversTest : public testing::CourseFileTest {};

TEST_F(CoversTest, ListsTestsOfTheSameLab) {
  write(kCourse);
  EXPECT_EQ(load_course(path_).labs[0].tests[1].covers, std::vector<std::string>{"spin_exclusion_2"});
}

TEST_F(CoversTest, AnUnknownTestIsAnErrorAtItsPosition) {
  std::string text = kCourse;
  text.replace(text.find("[spin_exclusion_2]"), 18, "[spin_exclusion_3]");
  EXPECT_EQ(error_of(text), at(21, 18, "'covers' names 'spin_exclusion_3', which is not a test of this lab (test "
                                       "'controlled_spin_exclusion' of lab 'mutex') (did you mean 'spin_exclusion_2'?)"));
}

TEST_F(CoversTest, OnlyAControlledTestCovers) {
  std::string text = kCourse;
  text.replace(text.find("configs: [controlled]"), 21, "configs: [plain]");
  EXPECT_NE(error_of(text).find("'covers' needs 'controlled' among the test's 'configs'"), std::string::npos);
}

ConfigOutcome failed(const std::string& config) {
  ConfigOutcome o;
  o.config = config;
  o.verdict = Verdict::fail;
  o.seed = 42;
  o.replay = "./labs check mutex --only spin_exclusion_2 --config " + config + " --seed 42 --repeat 1";
  return o;
}

// A failed stress test and the controlled test that covers it; `controlled` is the latter's outcome.
struct Pair {
  TestSpec stress;
  TestSpec controlled;
  std::vector<TestResult> tests = std::vector<TestResult>(2);
  explicit Pair(const ConfigOutcome& controlled_outcome) {
    stress.id = "spin_exclusion_2";
    controlled.id = "controlled_spin_exclusion";
    controlled.covers = {"spin_exclusion_2"};
    tests[0].configs = {failed("plain")};
    tests[1].configs = {controlled_outcome};
  }
  std::vector<const TestSpec*> specs() const { return {&stress, &controlled}; }
};

TEST(CoveringReplay, AStressFailureGetsTheControlledTestsExactReplay) {
  ConfigOutcome found = failed("controlled");
  found.controlled = ControlledRun{};
  found.controlled->schedule = "1:3c";
  ASSERT_TRUE(found.failing_schedule());
  Pair pair(found);
  use_covering_replays(pair.specs(), pair.tests, [](const TestSpec& t, const ConfigOutcome& o) {
    return replay_command({"./labs", "mutex", std::nullopt, t.id, o.config, o.seed, 1, o.failing_schedule()});
  });
  const ConfigOutcome& o = pair.tests[0].configs[0];
  EXPECT_EQ(o.replay, "./labs replay mutex controlled_spin_exclusion --schedule 1:3c");
  EXPECT_TRUE(o.replay_is_exact());
  EXPECT_EQ(replay_command(student_replay_spec("./labs", "mutex", "spin_exclusion_2", 1, o)), o.replay);
  EXPECT_STREQ(replay_label(o.replay_is_exact()), "replay");
}

TEST(CoveringReplay, WithoutAFailingScheduleTheStressRunIsAReRun) {
  ConfigOutcome passed;
  passed.config = "controlled";
  passed.verdict = Verdict::pass;
  Pair pair(passed);
  const std::string before = pair.tests[0].configs[0].replay;
  use_covering_replays(pair.specs(), pair.tests, [](const TestSpec&, const ConfigOutcome&) { return "x"; });
  EXPECT_EQ(pair.tests[0].configs[0].replay, before);
  EXPECT_FALSE(pair.tests[0].configs[0].replay_is_exact());
  EXPECT_STREQ(replay_label(false), "re-run (may not reproduce)");
}

}  // namespace
}  // namespace grader
