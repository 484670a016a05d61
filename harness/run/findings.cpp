// harness::report and the findings store: every failure explanation passes through here.
#include <gtest/gtest.h>

#include <mutex>

#include "findings_store.hpp"

namespace harness {
namespace {

std::mutex findings_mutex;
std::vector<Finding>& findings() {
  static std::vector<Finding> all;
  return all;
}
thread_local bool t_reporting = false;

// Keeps the results file readable when a broken lock makes a test report the same thing thousands of times.
constexpr std::size_t kMaxFindings = 50;

}  // namespace

void record_finding(const Finding& finding) {
  std::lock_guard guard(findings_mutex);
  if (findings().size() < kMaxFindings) findings().push_back(finding);
}

std::vector<Finding> findings_snapshot() {
  std::lock_guard guard(findings_mutex);
  return findings();
}

bool has_findings() {
  std::lock_guard guard(findings_mutex);
  return !findings().empty();
}

bool reporting_on_this_thread() noexcept { return t_reporting; }

void report(const Finding& finding) {
  record_finding(finding);
  t_reporting = true;
  if (finding.file.empty()) {
    ADD_FAILURE() << finding.message;
  } else {
    ADD_FAILURE_AT(finding.file.c_str(), static_cast<int>(finding.line)) << finding.message;
  }
  t_reporting = false;
}

void fail_check(const std::string& message) { report({"check", message, "", 0}); }

}  // namespace harness
