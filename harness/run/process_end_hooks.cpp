// Writes the results file from a sanitizer's death callback and from std::terminate.
#include "process_end_hooks.hpp"

#include <cstdlib>
#include <exception>

#include "findings_store.hpp"
#include "results_file.hpp"
#include "run_state.hpp"

#if defined(__SANITIZE_THREAD__)
#define LAB_HARNESS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LAB_HARNESS_TSAN 1
#endif
#endif

#ifdef LAB_HARNESS_TSAN
#include <sanitizer/common_interface_defs.h>
// Exported by the TSan runtimes of GCC and Clang, though not declared in their public headers.
extern "C" void __tsan_ignore_thread_begin();
#endif

namespace harness {
namespace {

// Runs after TSan printed its report; TSan exits with its exitcode (66) once this returns.
[[maybe_unused]] void on_sanitizer_death() {
#ifdef LAB_HARNESS_TSAN
  // TSan calls this while still holding its report locks: a second report from reading state other
  // threads wrote (the findings, the evidence) would deadlock. Stop checking this thread; it is dying.
  __tsan_ignore_thread_begin();
#endif
  try {
    record_finding({"sanitizer", "ThreadSanitizer reported a problem; see the report", "", 0});
    mark_iteration_failed();
    write_results_file(Verdict::fail, true);
  } catch (...) {
    // The exit status still tells the grader that the sanitizer fired.
  }
}

std::terminate_handler previous_terminate = nullptr;

[[noreturn]] void on_terminate() {
  try {
    std::string message = "The test program was terminated";
    if (auto error = std::current_exception()) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& escaped) {
        message += " by an exception nobody caught: " + std::string(escaped.what());
      } catch (...) {
        message += " by an exception nobody caught";
      }
    }
    record_finding({"exception", message, "", 0});
    mark_iteration_failed();
    write_results_file(Verdict::fail);
  } catch (...) {
    // Nothing left to try: abort below.
  }
  if (previous_terminate != nullptr) previous_terminate();
  std::abort();
}

}  // namespace

void install_sanitizer_death_callback() {
#ifdef LAB_HARNESS_TSAN
  __sanitizer_set_death_callback(on_sanitizer_death);
#endif
}

void install_terminate_handler() { previous_terminate = std::set_terminate(on_terminate); }

}  // namespace harness
