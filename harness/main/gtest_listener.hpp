// The GoogleTest listener that turns failed assertions into findings and tracks the running test.
#pragma once

#include <gtest/gtest.h>

namespace harness {

// Records each failed assertion as a finding kind "check" (or "exception" for an exception escaping a
// test), unless it came from harness::report, which records its own finding.
class FindingsListener : public ::testing::EmptyTestEventListener {
 public:
  void OnTestStart(const ::testing::TestInfo& test) override;
  void OnTestPartResult(const ::testing::TestPartResult& result) override;
  // Counts the test's end and GoogleTest's result for it, for the completion seal (completion_seal.hpp).
  void OnTestEnd(const ::testing::TestInfo& test) override;
};

}  // namespace harness
