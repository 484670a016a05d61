// Tests of AddressSanitizer/UBSan logs (the asan configuration): parsing and the verdict's student line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sanitizer_log.hpp"
#include "staging.hpp"
#include "test_run.hpp"
#include "text_files.hpp"
#include "verdict.hpp"

namespace grader {
namespace {

const StageMap kAsanStage("/w/alice-1/stage");

std::string sanitizer_log_data(const std::string& name) { return read_file_text(std::filesystem::path(GRADER_TEST_DATA_DIR) / name); }

TEST(SanitizerLogAsan, ParsesHeapOverflowWithStudentFrame) {
  auto report = parse_sanitizer_log(sanitizer_log_data("asan_heap_overflow.log"));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->tool, "AddressSanitizer");
  EXPECT_EQ(report->kind, "heap-buffer-overflow on address");
  ASSERT_GE(report->stacks.size(), 2u);
  const SanitizerFrame& top = report->stacks.front().front();
  EXPECT_EQ(top.function, "kfree(unsigned int)");
  EXPECT_EQ(top.file, "/w/alice-1/stage/cow/kernel.cpp");
  EXPECT_EQ(top.line, 4);
  EXPECT_EQ(report->stacks.front().back().function, "_start");  // a frame without a line
  EXPECT_EQ(report->stacks.front().back().file, "");
}

TEST(SanitizerLogAsan, ParsesUbsanRuntimeError) {
  auto report = parse_sanitizer_log(sanitizer_log_data("ubsan_shift.log"));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->tool, "UndefinedBehaviorSanitizer");
  EXPECT_EQ(report->kind, "shift exponent 42 is too large for 32-bit type 'int'");
  ASSERT_FALSE(report->stacks.empty());
  EXPECT_EQ(report->stacks.front().front().function, "shift(int)");
  EXPECT_EQ(report->stacks.front().front().line, 5);
}

TEST(SanitizerLogAsan, UbsanWithoutStackKeepsItsLocation) {
  auto report = parse_sanitizer_log("/w/alice-1/stage/cow/kernel.cpp:12:7: runtime error: signed integer overflow\n");
  ASSERT_TRUE(report);
  ASSERT_EQ(report->stacks.size(), 1u);
  EXPECT_EQ(report->stacks[0][0].file, "/w/alice-1/stage/cow/kernel.cpp");
  EXPECT_EQ(report->stacks[0][0].line, 12);
}

TEST(SanitizerLogAsan, VerdictNamesTheStudentsLine) {
  RunEvidence run;
  run.exit_code = 66;
  run.sanitizer_log_present = true;
  run.sanitizer = parse_sanitizer_log(sanitizer_log_data("asan_heap_overflow.log"));
  const Classification c = classify_run(run, kAsanStage);
  EXPECT_EQ(c.verdict, Verdict::fail);
  EXPECT_EQ(c.reason, "AddressSanitizer: heap-buffer-overflow on address in kfree(unsigned int) at cow/kernel.cpp:4");
  EXPECT_EQ(c.file, "cow/kernel.cpp");
  EXPECT_EQ(c.line, 4);
}

TEST(SanitizerLogAsan, EnvironmentLogsAsanAndUbsanIntoTheRunDirectory) {
  const auto env = test_environment("/tmp/run-7");
  EXPECT_NE(env.at("ASAN_OPTIONS").find("log_path=/tmp/run-7/asan"), std::string::npos);
  EXPECT_NE(env.at("ASAN_OPTIONS").find("exitcode=66"), std::string::npos);
  EXPECT_NE(env.at("UBSAN_OPTIONS").find("log_path=/tmp/run-7/ubsan"), std::string::npos);
  EXPECT_NE(env.at("UBSAN_OPTIONS").find("exitcode=66"), std::string::npos);
}

TEST(SanitizerLogAsan, FindsLogsByPrefix) {
  const auto dir = std::filesystem::temp_directory_path() / "sanitizer_asan_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "asan.123") << "x";
  std::ofstream(dir / "ubsan.124") << "x";
  EXPECT_EQ(find_sanitizer_logs(dir, "asan").size(), 1u);
  EXPECT_EQ(find_sanitizer_logs(dir, "ubsan").size(), 1u);
  EXPECT_TRUE(find_sanitizer_logs(dir).empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace grader
