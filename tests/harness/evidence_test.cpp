// Unit tests of sanitizer evidence (instrumented configuration): roles and call sites around a critical section.
#include <gtest/gtest.h>

#include <harness/harness.hpp>
#include <lab/lab.hpp>
#include <string>

#include "evidence.hpp"

namespace {

bool has_entry(const std::string& role, const std::string& op, const std::string& order, std::uint32_t line) {
  for (const auto& entry : harness::evidence_snapshot(false)) {
    if (entry.role == role && entry.op == op && entry.order == order && entry.file == __FILE__ &&
        entry.line == line) {
      return true;
    }
  }
  return false;
}

TEST(Evidence, NamesTheAcquiringAndReleasingSites) {
  lab::atomic<int> flag{0};
  harness::CriticalSection section;
  // Each lab:: call and its __LINE__ share one line, so the expected line is exact.
  const std::uint32_t acquire_line = __LINE__; while (flag.exchange(1, std::memory_order_acquire) != 0) {}
  section.enter(0);
  section.leave(0);
  const std::uint32_t release_line = __LINE__; flag.store(0, std::memory_order_release);
  EXPECT_TRUE(has_entry("acquire", "exchange", "acquire", acquire_line));
  EXPECT_TRUE(has_entry("release", "store", "release", release_line));
}

TEST(Evidence, HarnessFilesAreNotStudentCode) {
  EXPECT_TRUE(harness::is_harness_file(LAB_HARNESS_DIR "include/lab/atomic.hpp"));
  EXPECT_TRUE(harness::is_harness_file(LAB_HARNESS_DIR "labs/mutex/exclusion_test.cpp"));
  EXPECT_FALSE(harness::is_harness_file(__FILE__));
  EXPECT_FALSE(harness::is_harness_file("/home/student/mutex/locks.cpp"));
}

}  // namespace
