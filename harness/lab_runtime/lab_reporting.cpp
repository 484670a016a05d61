// lab::usage_error and lab::todo: how student code reports misuse and unfinished starter code.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "findings_store.hpp"
#include "lab/todo.hpp"
#include "lab/usage.hpp"
#include "results_file.hpp"
#include "run_state.hpp"
#include "thread_registry.hpp"

namespace lab {

void usage_error(const char* what, lab::source_location where) noexcept {
  harness::ThreadState& thread = harness::current_thread_state();
  thread.usage_errors.bump();
  if (thread.expected_usage_scopes > 0) return;  // a misuse test expects exactly this
  try {
    harness::report({"usage", what, where.file_name(), where.line()});
  } catch (...) {
    // Out of memory while reporting: the usage_errors counter still fails tests that check it.
  }
}

void todo(const char* what, lab::source_location where) noexcept {
  // The process ends here. No signal handler may run on this thread from now on: a timer tick whose
  // handler reaches another unfinished function (the uthreads starter's on_timer_tick) would otherwise
  // call todo again while this call holds the harness's locks, and hang until the time limit.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  std::string message = std::string(what) + " is not implemented yet";
  std::fprintf(stderr, "%s:%u: %s\n", where.file_name(), static_cast<unsigned>(where.line()), message.c_str());
  try {
    harness::record_finding({"todo", message, where.file_name(), where.line()});
    harness::mark_iteration_failed();
    harness::write_results_file(harness::Verdict::fail);
  } catch (...) {
    // Nothing more to do: the exit status alone still says "not implemented".
  }
  std::fflush(stdout);
  std::fflush(stderr);
  ::_exit(harness::kExitNotImplemented);
}

}  // namespace lab
