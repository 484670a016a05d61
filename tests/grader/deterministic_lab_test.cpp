// Tests of course.yaml's `deterministic` (configurations whose every run is the same run): their failures' commands are exact replays.
#include <gtest/gtest.h>

#include "course_file_fixture.hpp"
#include "replay.hpp"
#include "report_json.hpp"
#include "report_markdown.hpp"

namespace grader {
namespace {

// Line 8 is the lab's "deterministic:" line (its first config at column 21).
const std::string kDeterministicCourse = R"(course: Test course
configs:
  plain: Plain build.
  tsan: ThreadSanitizer build.
labs:
  gil:
    title: The GIL
    deterministic: [plain]
    files: [gil.cpp]
    configs: [plain, tsan]
    tests:
      - id: new_forced_switching
        name: forced switching
        gtest: NewGil.ForcedSwitching
        points: 10
        configs: [plain, tsan]
)";

class DeterministicLabTest : public testing::CourseFileTest {};

TEST_F(DeterministicLabTest, EveryTestOfTheLabIsDeterministicInTheNamedConfigsOnly) {
  write(kDeterministicCourse);
  const Course course = load_course(path_);
  const TestSpec& test = course.labs[0].tests[0];
  EXPECT_TRUE(test.deterministic_in("plain"));
  EXPECT_FALSE(test.deterministic_in("tsan"));  // real threads: a re-run may not fail again
}

TEST_F(DeterministicLabTest, ALabIsNotDeterministicUnlessItSaysSo) {
  std::string text = kDeterministicCourse;
  text.erase(text.find("    deterministic: [plain]\n"), 27);
  write(text);
  EXPECT_FALSE(load_course(path_).labs[0].tests[0].deterministic_in("plain"));
}

TEST_F(DeterministicLabTest, OnlyTheLabsOwnConfigs) {
  std::string text = kDeterministicCourse;
  text.replace(text.find("deterministic: [plain]"), 22, "deterministic: [plian]");
  EXPECT_EQ(error_of(text), at(8, 21, "'deterministic' names 'plian', which is not one of the lab's 'configs' (lab "
                                      "'gil') (did you mean 'plain'?)"));
}

TEST_F(DeterministicLabTest, AListNotAFlag) {
  std::string text = kDeterministicCourse;
  text.replace(text.find("deterministic: [plain]"), 22, "deterministic: true");
  EXPECT_NE(error_of(text).find("'deterministic' must be a list"), std::string::npos) << error_of(text);
}

SubmissionResult failed_gil_submission() {
  ConfigOutcome o;
  o.config = "plain";
  o.verdict = Verdict::fail;
  o.reason = "forced switching: cpu-0 took the GIL back before the thread that asked";
  o.seed = 7;
  o.deterministic = true;
  TestResult t;
  t.id = "new_forced_switching";
  t.name = "forced switching";
  t.max = 10;
  t.configs = {o};
  LabResult lab;
  lab.id = "gil";
  lab.max = 10;
  lab.tests = {t};
  SubmissionResult r;
  r.labs = {lab};
  return r;
}

TEST(DeterministicLab, ItsFailureIsAReplayInTheFeedback) {
  const SubmissionResult r = failed_gil_submission();
  const ConfigOutcome& o = r.labs[0].tests[0].configs[0];
  EXPECT_TRUE(o.replay_is_exact());
  EXPECT_STREQ(replay_label(o.replay_is_exact()), "replay");
  const std::string md = feedback_markdown(r, "./labs");
  EXPECT_NE(md.find("- **Replay**: `./labs check gil --only new_forced_switching --config plain --seed 7"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("Re-run (may not reproduce)"), std::string::npos) << md;
}

TEST(DeterministicLab, ResumedResultsKeepIt) {
  const SubmissionResult back = submission_from_json(to_json(failed_gil_submission()));
  EXPECT_TRUE(back.labs[0].tests[0].configs[0].replay_is_exact());
  ConfigOutcome stress;
  stress.verdict = Verdict::fail;
  EXPECT_FALSE(stress.replay_is_exact());
}

}  // namespace
}  // namespace grader
