// Unit tests of the results file: its JSON shape, and that it is written once, atomically.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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

// --lab-results=/dev/null must not replace the device with a regular file: a FIFO stands in for it, so a
// regression cannot damage the machine. The file is written once per process, hence the child.
TEST(ResultsFile, WritesIntoADeviceOrFifoInsteadOfReplacingIt) {
  const fs::path fifo = fs::temp_directory_path() / ("harness-results-fifo-" + std::to_string(::getpid()));
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    harness::set_run_parameters(7, 1, fifo.string());
    ::_exit(harness::write_results_file(harness::Verdict::pass) ? 0 : 1);
  }
  std::stringstream text;
  text << std::ifstream(fifo).rdbuf();
  int status = 0;
  ::waitpid(child, &status, 0);
  const bool still_fifo = fs::is_fifo(fifo);
  fs::remove(fifo);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(still_fifo) << "the FIFO was replaced by a regular file";
  EXPECT_EQ(nlohmann::json::parse(text.str()).at("verdict"), "pass");
}

}  // namespace
