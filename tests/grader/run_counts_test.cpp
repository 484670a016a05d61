// Tests of grade --runs: failures counted per (test, configuration) over repeated gradings.
#include "run_counts.hpp"

#include <gtest/gtest.h>

#include "report_markdown.hpp"
#include "results_fixture.hpp"

namespace grader {
namespace {

TEST(GradeRuns, CountsFailedRunsAndKeepsTheFirstFailure) {
  SubmissionResult passing = testing::bob();
  passing.labs[0].tests[0].configs[1] = testing::outcome("tsan", Verdict::pass);
  score_submission(passing);
  SubmissionResult failing = testing::bob();
  failing.labs[0].tests[0].configs[1].seed = 2234;

  SubmissionResult merged = passing;
  merge_run(merged, failing);
  merge_run(merged, passing);
  const ConfigOutcome& tsan = merged.labs[0].tests[0].configs[1];
  EXPECT_EQ(tsan.runs, 3);
  EXPECT_EQ(tsan.failed_runs, 1);
  EXPECT_EQ(tsan.verdict, Verdict::fail);
  EXPECT_EQ(tsan.seed, 2234u);  // replays the failing run
  EXPECT_EQ(failed_runs_note(tsan), " (failed 1 of 3 runs)");
  EXPECT_FALSE(merged.labs[0].tests[0].passed);
  EXPECT_EQ(merged.score, 4);
  const ConfigOutcome& plain = merged.labs[0].tests[1].configs[0];
  EXPECT_EQ(plain.runs, 3);
  EXPECT_EQ(plain.failed_runs, 0);
  EXPECT_EQ(failed_runs_note(plain), "");
}

TEST(GradeRuns, FeedbackSaysFailedKOfNRuns) {
  SubmissionResult merged = testing::bob();
  merge_run(merged, testing::bob());
  EXPECT_NE(feedback_markdown(merged, "./labs").find("(failed 2 of 2 runs)"), std::string::npos);
}

}  // namespace
}  // namespace grader
