// Unit tests of the results file: its JSON shape, and that it is written once, atomically.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "findings_store.hpp"
#include "results_file.hpp"
#include "run_state.hpp"

namespace {

namespace fs = std::filesystem;

TEST(ResultsFile, WritesOnceWithFindingsAndRunParameters) {
  const fs::path path = fs::temp_directory_path() / ("harness-results-" + std::to_string(::getpid()) + ".json");
  harness::set_run_parameters(100, 4, path.string());
  harness::set_current_test("Suite.Name");
  harness::begin_iteration(1);
  harness::record_finding({"check", "first line\nsecond line", "/abs/student.cpp", 17});
  harness::mark_iteration_failed();

  EXPECT_TRUE(harness::write_results_file(harness::Verdict::fail));
  EXPECT_FALSE(harness::write_results_file(harness::Verdict::pass)) << "the first writer decides";

  std::ifstream in(path);
  const nlohmann::json results = nlohmann::json::parse(in);
  fs::remove(path);
  EXPECT_EQ(results.at("schema"), 1);
  EXPECT_EQ(results.at("test"), "Suite.Name");
  EXPECT_EQ(results.at("config"), "plain");
  EXPECT_EQ(results.at("seed"), 100);
  EXPECT_EQ(results.at("repeat"), 4);
  EXPECT_EQ(results.at("iterations_run"), 2);
  EXPECT_EQ(results.at("verdict"), "fail");
  EXPECT_EQ(results.at("failed_seed"), 101);
  ASSERT_EQ(results.at("findings").size(), 1u);
  EXPECT_EQ(results.at("findings")[0].at("kind"), "check");
  EXPECT_EQ(results.at("findings")[0].at("message"), "first line\nsecond line");
  EXPECT_EQ(results.at("findings")[0].at("file"), "/abs/student.cpp");
  EXPECT_EQ(results.at("findings")[0].at("line"), 17);
  EXPECT_TRUE(results.at("evidence").is_array());
  for (const auto& entry : fs::directory_iterator(path.parent_path())) {
    EXPECT_EQ(entry.path().string().find(path.string() + ".tmp"), std::string::npos) << "temp file left behind";
  }
}

}  // namespace
