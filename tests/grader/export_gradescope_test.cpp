// Tests of Gradescope's results.json: every field of the format, visibility of hidden tests, caps, validator.
#include "export_gradescope.hpp"

#include <gtest/gtest.h>

#include "export_fixture.hpp"
#include "scoring.hpp"

namespace grader {
namespace {

using nlohmann::json;

json carol_results() { return gradescope_results(testing::carol(), testing::carol_context()); }

TEST(GradescopeExport, TopLevelFields) {
  const json j = carol_results();
  EXPECT_EQ(j["score"], 4);  // the sum of the tests' scores
  EXPECT_EQ(j["execution_time"], 12);
  EXPECT_TRUE(j["execution_time"].is_number_integer());
  EXPECT_EQ(j["visibility"], "visible");
  EXPECT_EQ(j["stdout_visibility"], "hidden");
  EXPECT_EQ(j["output"], "Visible tests: 4/18 points; 1 hidden test (12 points) is graded after the deadline; "
                         "1 test did not run\n");
  EXPECT_EQ(j["tests"].size(), 4u);
}

// A grader error is not the student's 0: Gradescope's text says the score is not final, overall and
// on the test.
TEST(GradescopeExport, GraderErrorSaysTheScoreIsNotFinal) {
  SubmissionResult r = testing::bob();
  r.labs[0].tests[1].configs[0] = testing::outcome("plain", Verdict::error, "grader error: disk full");
  score_submission(r);
  const json j = gradescope_results(r, {});
  EXPECT_NE(j["output"].get<std::string>().find("this score is not final"), std::string::npos) << j["output"];
  EXPECT_NE(j["tests"][1]["output"].get<std::string>().find("this score is not final"), std::string::npos);
  EXPECT_EQ(j["tests"][0]["output"].get<std::string>().find("not final"), std::string::npos);
  EXPECT_EQ(carol_results()["output"].get<std::string>().find("not final"), std::string::npos);
}

TEST(GradescopeExport, PerTestFields) {
  const json t = carol_results()["tests"][0];
  EXPECT_EQ(t["name"], "mutex: Test spin_exclusion_2 (spin_exclusion_2)");
  EXPECT_EQ(t["number"], "1.1");
  EXPECT_EQ(t["score"], 0);
  EXPECT_EQ(t["max_score"], 6);
  EXPECT_EQ(t["status"], "failed");
  EXPECT_EQ(t["visibility"], "visible");
  EXPECT_EQ(t["tags"], json::array({"mutex", "spin_exclusion_2", "plain", "tsan"}));
  const std::string output = t["output"];
  EXPECT_NE(output.find("[tsan] ThreadSanitizer: data race"), std::string::npos);
  EXPECT_NE(output.find("at exercises/mutex/locks.cpp:14"), std::string::npos);
  const json passed = carol_results()["tests"][1];
  EXPECT_EQ(passed["status"], "passed");
  EXPECT_EQ(passed["score"], 4);
}

TEST(GradescopeExport, OutputIsCappedHeadAndTail) {
  const std::string output = carol_results()["tests"][0]["output"];
  EXPECT_LE(output.size(), kGradescopeTestOutputCap);
  EXPECT_NE(output.find("bytes cut ...]"), std::string::npos);
  EXPECT_EQ(output.back(), '\n');
  EXPECT_NE(output.find("tail end"), std::string::npos);  // the tail survives
}

TEST(GradescopeExport, HiddenTestShownAfterTheDueDate) {
  const json t = carol_results()["tests"][2];
  EXPECT_EQ(t["visibility"], "after_due_date");
  EXPECT_EQ(t["max_score"], 12);
}

TEST(GradescopeExport, NotRunTestIsFailedWithReason) {
  const json t = carol_results()["tests"][3];
  EXPECT_EQ(t["status"], "failed");
  EXPECT_EQ(t["score"], 0);
  EXPECT_NE(t["output"].get<std::string>().find("not run: the time budget ran out"), std::string::npos);
}

TEST(GradescopeExport, OwnOutputIsValid) {
  EXPECT_EQ(gradescope_problems(carol_results()), std::vector<std::string>{});
  EXPECT_EQ(gradescope_problems(gradescope_failure("could not build")), std::vector<std::string>{});
  // Bad bytes in test output still make valid UTF-8 JSON.
  const json parsed = json::parse(gradescope_results_text(testing::carol(), testing::carol_context()));
  EXPECT_EQ(parsed["tests"].size(), 4u);
}

TEST(GradescopeExport, ValidatorCatchesBrokenFiles) {
  json j = carol_results();
  j["tests"][0]["status"] = "ok";
  j["tests"][1]["visibility"] = "students";
  j["tests"][2]["score"] = 99;
  j["score"] = 1000;
  j["execution_time"] = 1.5;
  const auto problems = gradescope_problems(j);
  auto has = [&](const std::string& needle) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(needle) != std::string::npos; });
  };
  EXPECT_TRUE(has("tests[0].status"));
  EXPECT_TRUE(has("tests[1].visibility"));
  EXPECT_TRUE(has("tests[2].score: above max_score"));
  EXPECT_TRUE(has("score: 1000 is not the sum"));
  EXPECT_TRUE(has("execution_time"));
  EXPECT_EQ(gradescope_problems(json::array()), std::vector<std::string>{"the file must hold one JSON object"});
  EXPECT_TRUE(!gradescope_problems(json{{"tests", json::array()}}).empty());  // no score anywhere
}

}  // namespace
}  // namespace grader
