// Tests of the generated GitHub Classroom workflow: valid YAML per lab, one reporter runner per test, and
// a readable result for every runner when ./labs ci fails before grading (its Grade step really run).
#include "classroom_workflow.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

#include "export_classroom.hpp"
#include "export_fixture.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;

const Course& real_course() {
  static const Course course = load_course(fs::path(LABS_SOURCE_DIR) / "course.yaml");
  return course;
}

YAML::Node grade_step(const YAML::Node& workflow) {
  for (const auto& step : workflow["jobs"]["run-autograding-tests"]["steps"]) {
    if (step["id"] && step["id"].as<std::string>() == "labs") return step;
  }
  return {};
}

YAML::Node reporter_step(const YAML::Node& workflow) {
  for (const auto& step : workflow["jobs"]["run-autograding-tests"]["steps"]) {
    if (step["uses"] && step["uses"].as<std::string>().starts_with("classroom-resources/autograding-grading-reporter"))
      return step;
  }
  return {};
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every lab's workflow: YAML, no placeholder, its lab's ci command, and one runner per test whose
// environment variable is the step output of the same name.
TEST(ClassroomWorkflow, EveryLabHasOneRunnerPerTest) {
  for (const auto& lab : real_course().labs) {
    const std::string text = classroom_workflow(lab);
    const YAML::Node workflow = YAML::Load(text);
    EXPECT_EQ(workflow["name"].as<std::string>(), "Autograding Tests");
    EXPECT_EQ(text.find(" LAB "), std::string::npos) << lab.id;
    const YAML::Node grade = grade_step(workflow);
    ASSERT_TRUE(grade) << lab.id;
    EXPECT_NE(grade["run"].as<std::string>().find("./labs ci " + lab.id + " --classroom"), std::string::npos);
    const YAML::Node reporter = reporter_step(workflow);
    ASSERT_TRUE(reporter) << lab.id;
    EXPECT_EQ(reporter["if"].as<std::string>(), "always()");
    std::stringstream runners(reporter["with"]["runners"].as<std::string>());
    std::size_t count = 0;
    for (std::string runner; std::getline(runners, runner, ',');) {
      std::string upper;
      for (char c : runner) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      ASSERT_TRUE(reporter["env"][upper + "_RESULTS"]) << runner;
      EXPECT_EQ(reporter["env"][upper + "_RESULTS"].as<std::string>(), "${{ steps.labs.outputs." + runner + " }}");
      ++count;
    }
    EXPECT_EQ(count, lab.tests.size()) << lab.id;
  }
}

// The build fails (./labs exits 2 before grading): the Grade step, run by bash as GitHub runs it, still
// gives every runner a result the reporter can parse, saying the test was not graded.
TEST(ClassroomWorkflow, FailedBuildGivesEveryRunnerAReadableResult) {
  const LabSpec& lab = real_course().labs.front();
  const YAML::Node workflow = YAML::Load(classroom_workflow(lab));
  const fs::path dir = fs::temp_directory_path() / ("labs-classroom-workflow-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "labs") << "#!/bin/sh\necho 'labs: building the framework failed' >&2\nexit 2\n";
  fs::permissions(dir / "labs", fs::perms::owner_all);
  std::ofstream(dir / "grade.sh") << grade_step(workflow)["run"].as<std::string>();
  std::ofstream(dir / "output").close();
  const std::string command = "cd " + dir.string() + " && GITHUB_OUTPUT=" + (dir / "output").string() +
                              " bash -e grade.sh >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  EXPECT_NE(status, 0);  // the step fails, as the build did
  std::map<std::string, std::string> outputs;
  std::stringstream lines(read_file(dir / "output"));
  for (std::string line; std::getline(lines, line);) outputs[line.substr(0, line.find('='))] = line.substr(line.find('=') + 1);
  for (const auto& test : lab.tests) {
    const std::string runner = classroom_runner_name(lab.id, test.id);
    ASSERT_TRUE(outputs.count(runner)) << runner;
    std::ofstream(dir / "encoded") << outputs[runner];
    const std::string decode = "base64 -d " + (dir / "encoded").string() + " > " + (dir / "decoded.json").string();
    ASSERT_EQ(std::system(decode.c_str()), 0);
    const auto result = nlohmann::json::parse(read_file(dir / "decoded.json"));
    EXPECT_TRUE(classroom_problems(result).empty()) << result.dump();
    EXPECT_EQ(result["status"], "error");
    EXPECT_EQ(result["max_score"], test.points);
    EXPECT_NE(result["tests"][0]["message"].get<std::string>().find("Not graded"), std::string::npos);
  }
  fs::remove_all(dir);
}

// RFC 4648 base64 back to bytes (the reporter's Buffer.from(text, "base64")).
std::string base64_decode(const std::string& text) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=') break;
    bits = (bits << 6) | static_cast<unsigned>(alphabet.find(c));
    if ((count += 6) >= 8) out += static_cast<char>((bits >> (count -= 8)) & 0xff);
  }
  return out;
}

// The reporter shows (passed / tests) x max_score per runner and records the sum of the scores: with
// tests of different weights (6, 4, 12, 8) both totals must be the points the grader gave.
TEST(ClassroomRunners, ShownTotalEqualsRecordedTotal) {
  const SubmissionResult result = testing::carol();
  double shown = 0, recorded = 0;
  for (const auto& runner : classroom_runners(result, testing::carol_context())) {
    const auto r = nlohmann::json::parse(base64_decode(runner.results_base64));
    EXPECT_TRUE(classroom_problems(r).empty()) << r.dump();
    int passed = 0;
    for (const auto& t : r["tests"]) {
      passed += t["status"] == "pass" ? 1 : 0;
      recorded += t["score"].get<double>();
    }
    shown += static_cast<double>(passed) / static_cast<double>(r["tests"].size()) * r["max_score"].get<double>();
  }
  EXPECT_DOUBLE_EQ(shown, recorded);
  EXPECT_DOUBLE_EQ(recorded, result.score);
}

}  // namespace
}  // namespace grader
