// Tests of sanitizer log parsing, on real ThreadSanitizer reports captured from GCC 12 and Clang 14.
#include "sanitizer_log.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "staging.hpp"
#include "text_files.hpp"

namespace grader {
namespace {

std::string data(const std::string& name) { return read_file_text(std::filesystem::path(GRADER_TEST_DATA_DIR) / name); }

bool under_stage(const std::string& file) { return file.rfind("/tmp/grader-work/alice-1a2b3c/stage/", 0) == 0; }

TEST(SanitizerLog, ParsesGccDataRace) {
  auto report = parse_sanitizer_log(data("tsan_race_gcc.log"));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->tool, "ThreadSanitizer");
  EXPECT_EQ(report->kind, "data race");
  ASSERT_GE(report->stacks.size(), 2u);
  const SanitizerFrame* frame = report->first_frame(under_stage);
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(frame->function, "bump()");
  EXPECT_EQ(frame->file, "/tmp/grader-work/alice-1a2b3c/stage/mutex/locks.cpp");
  EXPECT_EQ(frame->line, 4);
}

TEST(SanitizerLog, ParsesClangFramesWithColumnsAndBuildIds) {
  auto report = parse_sanitizer_log(data("tsan_race_clang.log"));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->kind, "data race");
  const SanitizerFrame* frame = report->first_frame(under_stage);
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(frame->line, 4);
  EXPECT_EQ(frame->function, "bump()");
}

TEST(SanitizerLog, FramesWithoutLocationHaveNoFile) {
  auto report = parse_sanitizer_log(data("tsan_race_gcc.log"));
  ASSERT_TRUE(report);
  const auto& stack = report->stacks.front();
  EXPECT_EQ(stack.back().function, "<null>");
  EXPECT_EQ(stack.back().file, "");
}

TEST(SanitizerLog, HarnessOnlyReportHasNoStudentFrame) {
  auto report = parse_sanitizer_log(data("tsan_race_harness_only.log"));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->first_frame([](const std::string& f) { return f.rfind("/work/stage/", 0) == 0; }), nullptr);
  EXPECT_EQ(report->stacks.front().front().function, "harness::CriticalSection::enter(int)");
}

TEST(SanitizerLog, ErrorReportsAndAddressesAreShortened) {
  auto report = parse_sanitizer_log(
      "==1==ERROR: x\nERROR: ThreadSanitizer: SEGV on unknown address 0x000000000000 (pc 0x1 bp 0x2 sp 0x3 T1)\n"
      "    #0 f() /s/a.cpp:3 (t+0x1)\n");
  ASSERT_TRUE(report);
  EXPECT_EQ(report->kind, "SEGV on unknown address");
  ASSERT_EQ(report->stacks.size(), 1u);
  EXPECT_EQ(report->stacks[0][0].file, "/s/a.cpp");
}

TEST(SanitizerLog, NoReportInOtherText) {
  EXPECT_FALSE(parse_sanitizer_log("hello\nWARNING: something else\n"));
  EXPECT_FALSE(parse_sanitizer_log(""));
}

TEST(SanitizerLog, FindsLogFilesByPrefix) {
  const auto dir = std::filesystem::temp_directory_path() / "grader_sanlog_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const char* name : {"tsan.123", "tsan.45", "tsanx", "results.json"}) std::ofstream(dir / name) << "x";
  const auto logs = find_sanitizer_logs(dir);
  ASSERT_EQ(logs.size(), 2u);
  EXPECT_EQ(logs[0].filename(), "tsan.123");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace grader
