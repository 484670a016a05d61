// Tests of course.yaml's `deterministic` (a lab whose every run is the same run): its failures' commands are exact replays.
#include <gtest/gtest.h>

#include "course_file_fixture.hpp"
#include "replay.hpp"
#include "report_json.hpp"
#include "report_markdown.hpp"

namespace grader {
namespace {

// Line 7 is the lab's "deterministic:" line (its value at column 20).
const std::string kDeterministicCourse = R"(course: Test course
configs:
  plain: Plain build.
labs:
  gil:
    title: The GIL
    deterministic: true
    files: [gil.cpp]
    configs: [plain]
    tests:
      - id: new_forced_switching
        name: forced switching
        gtest: NewGil.ForcedSwitching
        points: 10
        configs: [plain]
)";

class DeterministicLabTest : public testing::CourseFileTest {};

TEST_F(DeterministicLabTest, EveryTestOfTheLabIsDeterministic) {
  write(kDeterministicCourse);
  const Course course = load_course(path_);
  EXPECT_TRUE(course.labs[0].deterministic);
  EXPECT_TRUE(course.labs[0].tests[0].deterministic);
}

TEST_F(DeterministicLabTest, ALabIsNotDeterministicUnlessItSaysSo) {
  std::string text = kDeterministicCourse;
  text.erase(text.find("    deterministic: true\n"), 24);
  write(text);
  EXPECT_FALSE(load_course(path_).labs[0].tests[0].deterministic);
}

// yes/no/on/off are YAML 1.1 booleans; a course that writes them may mean something else, so only
// true and false are taken, and anything else is an error at its position.
TEST_F(DeterministicLabTest, OnlyTrueOrFalse) {
  for (const std::string bad : {"yes", "on", "1", "'true'", "[true]"}) {
    std::string text = kDeterministicCourse;
    text.replace(text.find("deterministic: true") + 15, 4, bad);
    const std::string error = error_of(text);
    EXPECT_EQ(error.rfind(at(7, 20, "'deterministic' must be true or false, got "), 0), 0u) << bad << ": " << error;
  }
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
