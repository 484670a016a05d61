// ExpectUsageErrors: marks the calling thread's usage errors as expected for the scope's lifetime.
#include "harness/expect_usage.hpp"

#include "thread_registry.hpp"

namespace harness {

ExpectUsageErrors::ExpectUsageErrors() noexcept {
  ThreadState& thread = current_thread_state();
  ++thread.expected_usage_scopes;
  at_start_ = thread.usage_errors.get();
}

ExpectUsageErrors::~ExpectUsageErrors() { --current_thread_state().expected_usage_scopes; }

std::uint64_t ExpectUsageErrors::count() const noexcept { return current_thread_state().usage_errors.get() - at_start_; }

}  // namespace harness
