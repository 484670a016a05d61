// Tests of the check report without colour (golden substrings) and of the JSON round trip.
#include "report_terminal.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "report_json.hpp"
#include "report_markdown.hpp"
#include "results_fixture.hpp"

namespace grader {
namespace {

std::string report(const SubmissionResult& r) {
  std::ostringstream out;
  print_check_report(out, r, TerminalStyle{false, "/course"});
  return out.str();
}

TEST(TerminalReport, PassFailLinesReasonLocationReplayScore) {
  const std::string text = report(testing::bob());
  EXPECT_NE(text.find("mutex: Locks\n"), std::string::npos);
  EXPECT_NE(text.find("  PASS  spin_try_lock"), std::string::npos);
  EXPECT_NE(text.find("  FAIL  spin_exclusion_2"), std::string::npos);
  EXPECT_NE(text.find("[tsan] ThreadSanitizer: data race at exercises/mutex/locks.cpp:14\n"), std::string::npos);
  EXPECT_NE(text.find("re-run (may not reproduce): ./labs check mutex --submission exercises --only t --config tsan --seed 1234 --repeat 1"),
            std::string::npos);
  EXPECT_NE(text.find("Score: 4/10\n"), std::string::npos);
  for (char c : text) EXPECT_TRUE(static_cast<unsigned char>(c) < 128) << "non-ASCII output";
}

TEST(TerminalReport, ColourOnlyWhenAsked) {
  std::ostringstream out;
  print_check_report(out, testing::bob(), TerminalStyle{true, "/course"});
  EXPECT_NE(out.str().find("\x1b[1;31mFAIL\x1b[0m"), std::string::npos);
  EXPECT_EQ(report(testing::bob()).find('\x1b'), std::string::npos);
}

TEST(TerminalReport, SharedBuildFailurePrintedOnce) {
  SubmissionResult r = testing::bob();
  for (auto& t : r.labs[0].tests) {
    t.configs = {testing::outcome("plain", Verdict::not_compiled, "does not compile: mutex/locks.cpp:3: error: x",
                                  "mutex/locks.cpp", 3)};
  }
  r.labs[0].build_log = "mutex/locks.cpp:3:1: error: x\n";
  score_submission(r);
  const std::string text = report(r);
  EXPECT_NE(text.find("FAIL  all 2 tests: does not compile: exercises/mutex/locks.cpp:3: error: x\n"), std::string::npos);
  EXPECT_NE(text.find("| mutex/locks.cpp:3:1: error: x"), std::string::npos);
  EXPECT_NE(text.find("Score: 0/10"), std::string::npos);
}

// A failure of ours (a library missing after a concurrent build, an overloaded machine) is never shown as
// the student's FAIL 0/N, and the score says it is not final.
TEST(TerminalReport, GraderErrorIsErrorAndTheScoreIsNotFinal) {
  SubmissionResult r = testing::bob();
  r.labs[0].tests[0].configs = {testing::outcome("tsan", Verdict::error, "grader error: the machine is overloaded", "", 0)};
  score_submission(r);
  const std::string text = report(r);
  EXPECT_NE(text.find("  ERROR  " + r.labs[0].tests[0].id), std::string::npos) << text;
  EXPECT_EQ(text.find("  FAIL  " + r.labs[0].tests[0].id), std::string::npos) << text;
  EXPECT_NE(text.find(" -/"), std::string::npos) << text;
  EXPECT_NE(text.find("(not final: the grader failed on some tests, not your code; run the same command again)"),
            std::string::npos) << text;
}

TEST(TerminalReport, GraderErrorOfTheWholeLabIsError) {
  SubmissionResult r = testing::bob();
  for (auto& t : r.labs[0].tests) t.configs = {testing::outcome("plain", Verdict::error, "grader error: ninja failed", "", 0)};
  score_submission(r);
  const std::string text = report(r);
  EXPECT_NE(text.find("  ERROR  all 2 tests: grader error: ninja failed\n"), std::string::npos) << text;
  EXPECT_NE(text.find("not final"), std::string::npos) << text;
}

TEST(ResultsJson, RoundTrips) {
  SubmissionResult r = testing::bob();
  r.labs[0].tests[0].configs[1].failed_seed = 1235;
  const SubmissionResult back = submission_from_json(to_json(r));
  EXPECT_EQ(to_json(back), to_json(r));
  EXPECT_EQ(to_json(r)["labs"][0]["tests"][0]["configs"][1]["verdict"], "fail");
}

TEST(Feedback, StudentReplayHasNoSubmissionAndHiddenTestsHideDetails) {
  SubmissionResult r = testing::bob();
  std::string md = feedback_markdown(r, "./labs");
  EXPECT_NE(md.find("**Score: 4/10**"), std::string::npos);
  EXPECT_NE(md.find("`./labs check mutex --only spin_exclusion_2 --config tsan --seed 1234 --repeat 1`"), std::string::npos);
  EXPECT_NE(md.find("`mutex/locks.cpp:14`"), std::string::npos);
  r.labs[0].tests[0].visibility = Visibility::hidden;
  md = feedback_markdown(r, "./labs");
  EXPECT_EQ(md.find("data race"), std::string::npos);
}

}  // namespace
}  // namespace grader
