// Tests of the exporters' shared view: rows, statuses, score lines with hidden tests, caps, cleaning.
#include "export_model.hpp"

#include <gtest/gtest.h>

#include "export_fixture.hpp"
#include "text_encoding.hpp"

namespace grader {
namespace {

TEST(ExportModel, RowsCarryStatusLocationAndNumber) {
  const auto rows = export_rows(testing::carol(), testing::carol_context());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].number, "1.1");
  EXPECT_EQ(rows[0].status, RowStatus::failed);
  EXPECT_EQ(rows[0].config, "tsan");
  EXPECT_EQ(rows[0].file, "exercises/mutex/locks.cpp");
  EXPECT_EQ(rows[0].line, 14);
  EXPECT_NE(rows[0].details.find("at exercises/mutex/locks.cpp:14"), std::string::npos);
  EXPECT_NE(rows[0].details.find("re-run (may not reproduce): ./labs check"), std::string::npos);
  EXPECT_EQ(rows[1].status, RowStatus::passed);
  EXPECT_TRUE(rows[2].hidden);
  EXPECT_EQ(rows[3].status, RowStatus::not_run);
  EXPECT_EQ(rows[3].reason, testing::carol_context().not_run_reason);
  EXPECT_EQ(rows[3].score, 0);
}

TEST(ExportModel, ScoreLineNeverClaimsFullMarksWithHiddenTests) {
  SubmissionResult r = testing::carol();
  // Every visible test passes; the hidden one fails.
  r.labs[0].tests[0].configs[1].verdict = Verdict::pass;
  r.labs[0].tests.pop_back();
  score_submission(r);
  const std::string line = student_score_line(summarize(export_rows(r, testing::carol_context())));
  EXPECT_EQ(line, "Visible tests: 10/10 points; 1 hidden test (12 points) is graded after the deadline");
  EXPECT_EQ(line.find("100%"), std::string::npos);
}

TEST(ExportModel, ScoreLineWithoutHiddenTestsAndWithNotRun) {
  SubmissionResult r = testing::bob();
  EXPECT_EQ(student_score_line(summarize(export_rows(r, {}))), "Score: 4/10");
  r.labs[0].tests[1].configs.clear();
  score_submission(r);
  EXPECT_EQ(student_score_line(summarize(export_rows(r, {}))), "Score: 0/10; 1 test did not run");
}

TEST(ExportModel, HiddenDetailsAreWithheld) {
  const auto rows = export_rows(testing::carol(), testing::carol_context());
  EXPECT_NE(rows[2].details.find("SECRET"), std::string::npos);  // kept for the instructor
  EXPECT_EQ(student_details(rows[2]).find("SECRET"), std::string::npos);
  EXPECT_EQ(student_details(rows[0]), rows[0].details);
}

TEST(ExportModel, CapKeepsHeadAndTailAndSaysHowMuchWasCut) {
  const std::string text = std::string(1000, 'h') + std::string(1000, 't');
  const std::string capped = cap_text(text, 200);
  EXPECT_LE(capped.size(), 200u);
  EXPECT_EQ(capped.front(), 'h');
  EXPECT_EQ(capped.back(), 't');
  EXPECT_NE(capped.find("bytes cut ...]"), std::string::npos);
  EXPECT_EQ(cap_text("short", 200), "short");
}

TEST(ExportModel, CapNeverSplitsUtf8) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "\xc3\xa9";  // é
  const std::string capped = clean_text(cap_text(text, 101));
  EXPECT_EQ(capped.find('?'), std::string::npos) << "a UTF-8 sequence was cut";
}

TEST(ExportModel, CleanTextReplacesBadBytesAndControls) {
  EXPECT_EQ(clean_text("ok\t\n\xff\x01\xc3\xa9"), "ok\t\n??\xc3\xa9");
  EXPECT_EQ(clean_text("\xe2\x82"), "??");  // truncated sequence
}

}  // namespace
}  // namespace grader
