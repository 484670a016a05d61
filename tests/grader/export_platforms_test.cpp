// Tests of the Classroom, Autolab and PrairieLearn formats, field by field, and their validators.
#include <gtest/gtest.h>

#include "export_autolab.hpp"
#include "export_classroom.hpp"
#include "export_fixture.hpp"
#include "export_prairielearn.hpp"
#include "text_encoding.hpp"

namespace grader {
namespace {

using nlohmann::json;

TEST(ClassroomExport, ReporterFields) {
  const json j = classroom_result(testing::carol(), testing::carol_context());
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["status"], "fail");
  EXPECT_EQ(j["max_score"], 30);
  ASSERT_EQ(j["tests"].size(), 4u);
  const json& failed = j["tests"][0];
  EXPECT_EQ(failed["name"], "mutex/spin_exclusion_2: Test spin_exclusion_2");
  EXPECT_EQ(failed["status"], "fail");
  EXPECT_EQ(failed["score"], 0);
  EXPECT_EQ(failed["filename"], "exercises/mutex/locks.cpp");
  EXPECT_EQ(failed["line_no"], 14);
  EXPECT_EQ(failed["duration"], 1500);
  EXPECT_LE(failed["message"].get<std::string>().size(), kClassroomMessageCap);
  EXPECT_EQ(j["tests"][1]["status"], "pass");
  EXPECT_EQ(j["tests"][1]["message"], "");
  EXPECT_EQ(classroom_problems(j), std::vector<std::string>{});
}

TEST(ClassroomExport, FractionalScoresAddUp) {
  SubmissionResult r = testing::bob();
  r.labs[0].tests[0].max = 6.5;
  r.labs[0].tests[1].max = 0.25;
  score_submission(r);
  const json j = classroom_result(r, {});
  EXPECT_DOUBLE_EQ(j["max_score"].get<double>(), 6.75);
  EXPECT_DOUBLE_EQ(j["tests"][1]["score"].get<double>(), 0.25);
}

TEST(ClassroomExport, HiddenTestWithholdsDetails) {
  const json t = classroom_result(testing::carol(), testing::carol_context())["tests"][2];
  EXPECT_EQ(t["message"].get<std::string>().find("SECRET"), std::string::npos);
  EXPECT_EQ(t["filename"], "");
  EXPECT_EQ(t["line_no"], 0);
  EXPECT_EQ(t["test_code"], "");
}

TEST(ClassroomExport, Base64RoundTripsKnownVectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("\xff\xfe"), "//4=");
}

// A results file is kilobytes: one line, however long (PEM-style encoders break lines every 64 characters).
TEST(ClassroomExport, Base64OfLongTextIsOneLine) {
  const std::string text(3000, 'a');
  const std::string encoded = base64_encode(text);
  EXPECT_EQ(encoded.size(), 4000u);
  EXPECT_EQ(encoded.find('\n'), std::string::npos);
  EXPECT_EQ(encoded.substr(0, 8), "YWFhYWFh");
}

TEST(ClassroomExport, ValidatorCatchesBrokenResults) {
  json j = classroom_result(testing::carol(), testing::carol_context());
  j["tests"][0]["status"] = "failed";
  j["max_score"] = 1;
  const auto problems = classroom_problems(j);
  EXPECT_EQ(problems.size(), 2u);
}

TEST(AutolabExport, LastLineIsTheScores) {
  const std::string out = autolab_output(testing::carol(), testing::carol_context());
  const std::string last = out.substr(out.rfind('\n', out.size() - 2) + 1);
  const json j = json::parse(last);
  EXPECT_EQ(j["scores"], (json{{"spin_exclusion_2", 0}, {"spin_try_lock", 4}, {"mutex_hidden", 0}, {"ticket_fifo", 0}}));
  EXPECT_EQ(j["scoreboard"], json::array({4, 1}));
  EXPECT_EQ(autolab_problems(out), std::vector<std::string>{});
}

TEST(AutolabExport, FeedbackAboveTheScores) {
  const std::string out = autolab_output(testing::carol(), testing::carol_context());
  EXPECT_NE(out.find("FAIL   mutex/spin_exclusion_2: Test spin_exclusion_2 (0/6)\n    [tsan] ThreadSanitizer"),
            std::string::npos);
  EXPECT_NE(out.find("PASS   mutex/spin_try_lock: Test spin_try_lock (4/4)\n"), std::string::npos);
  EXPECT_NE(out.find("HIDDEN mutex/mutex_hidden: Test mutex_hidden\n"), std::string::npos);
  EXPECT_EQ(out.find("SECRET"), std::string::npos);
}

TEST(AutolabExport, SeveralLabsGetQualifiedKeys) {
  SubmissionResult r = testing::bob();
  r.labs.push_back(r.labs[0]);
  r.labs[1].id = "semaphore";
  score_submission(r);
  const json j = autolab_scores(r, {});
  EXPECT_TRUE(j["scores"].contains("mutex.spin_try_lock"));
  EXPECT_TRUE(j["scores"].contains("semaphore.spin_try_lock"));
}

TEST(AutolabExport, ValidatorNeedsJsonScoresLast) {
  EXPECT_FALSE(autolab_problems("PASS x\nScore: 1/1\n").empty());
  EXPECT_FALSE(autolab_problems("{\"scores\": {\"a\": \"x\"}}\n").empty());
  EXPECT_TRUE(autolab_problems("{\"scores\": {\"a\": 1}, \"scoreboard\": [1]}\n").empty());
}

TEST(PrairieLearnExport, ScoreIsAFractionAndTestsHavePoints) {
  const json j = prairielearn_results(testing::carol(), testing::carol_context());
  EXPECT_EQ(j["gradable"], true);
  EXPECT_DOUBLE_EQ(j["score"].get<double>(), 4.0 / 30.0);
  EXPECT_EQ(j["message"], "Visible tests: 4/18 points; 1 hidden test (12 points) is graded after the deadline; 1 "
                          "test did not run");
  const json& t = j["tests"][0];
  EXPECT_EQ(t["name"], "mutex/spin_exclusion_2");
  EXPECT_EQ(t["description"], "Test spin_exclusion_2");
  EXPECT_EQ(t["points"], 0);
  EXPECT_EQ(t["max_points"], 6);
  EXPECT_LE(t["output"].get<std::string>().size(), kPrairieLearnOutputCap);
  EXPECT_EQ(j["tests"][1]["points"], 4);
  EXPECT_EQ(j["tests"][2]["message"], kHiddenDetails);
  EXPECT_EQ(j["tests"][2]["output"], "");
  EXPECT_EQ(prairielearn_problems(j), std::vector<std::string>{});
}

TEST(PrairieLearnExport, GraderErrorIsNotGradable) {
  SubmissionResult r = testing::bob();
  r.error = "cannot stage";
  EXPECT_EQ(prairielearn_results(r, {})["gradable"], false);
}

// Nothing ran (the budget ran out before the first test): PrairieLearn must not record a silent 0.
TEST(PrairieLearnExport, NothingRanIsNotGradable) {
  SubmissionResult r = testing::bob();
  for (auto& t : r.labs[0].tests) t.configs.clear();
  score_submission(r);
  const json j = prairielearn_results(r, {});
  EXPECT_EQ(j["gradable"], false);
  EXPECT_EQ(j["message"].get<std::string>().rfind("Not graded", 0), 0u) << j["message"];
  EXPECT_EQ(prairielearn_problems(j), std::vector<std::string>{});
}

TEST(PrairieLearnExport, ValidatorCatchesOutOfRange) {
  json j = prairielearn_results(testing::carol(), testing::carol_context());
  j["score"] = 4;
  j["tests"][1]["points"] = 5;
  EXPECT_EQ(prairielearn_problems(j).size(), 2u);
}

}  // namespace
}  // namespace grader
