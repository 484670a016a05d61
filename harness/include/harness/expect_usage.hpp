// ExpectUsageErrors: a scope in which the calling thread's lab::usage_error calls are the expected outcome.
#pragma once

#include <cstdint>

namespace harness {

// While an ExpectUsageErrors lives, lab::usage_error calls made by the thread that created it are
// counted (here and in ThreadProbe::usage_errors) but are neither findings nor test failures: a misuse
// test expects the student's code to report the misuse. Other threads are unaffected. Scopes nest.
class ExpectUsageErrors {
 public:
  ExpectUsageErrors() noexcept;
  ~ExpectUsageErrors();
  ExpectUsageErrors(const ExpectUsageErrors&) = delete;
  ExpectUsageErrors& operator=(const ExpectUsageErrors&) = delete;

  // Usage errors the creating thread reported since this scope began.
  std::uint64_t count() const noexcept;

 private:
  std::uint64_t at_start_;
};

}  // namespace harness
