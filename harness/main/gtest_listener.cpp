// FindingsListener: failed GoogleTest assertions become findings in the results file.
#include "gtest_listener.hpp"

#include <string>

#include "completion_seal.hpp"
#include "findings_store.hpp"
#include "run_state.hpp"

namespace harness {
namespace {

// GoogleTest reports an exception escaping a test body as a failure with this wording.
bool is_escaped_exception(const std::string& message) {
  return message.starts_with("C++ exception") || message.starts_with("Unknown C++ exception");
}

}  // namespace

void FindingsListener::OnTestStart(const ::testing::TestInfo& test) {
  set_current_test(std::string(test.test_suite_name()) + "." + test.name());
}

void FindingsListener::OnTestPartResult(const ::testing::TestPartResult& result) {
  if (!result.failed() || reporting_on_this_thread()) return;
  Finding finding;
  finding.message = result.message();
  finding.kind = is_escaped_exception(finding.message) ? "exception" : "check";
  if (result.file_name() != nullptr && result.line_number() > 0) {
    finding.file = result.file_name();
    finding.line = static_cast<std::uint32_t>(result.line_number());
  }
  record_finding(finding);
}

void FindingsListener::OnTestEnd(const ::testing::TestInfo& test) {
  const ::testing::TestResult* result = test.result();
  note_test_end(std::string(test.test_suite_name()) + "." + test.name(), result != nullptr && result->Passed());
}

}  // namespace harness
