// Runs one schedule in a forked child: every schedule starts from the same process state, and a
// deadlocked schedule costs a child, never the test process.
#include <fcntl.h>
#include <gtest/gtest-spi.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "controlled_runtime.hpp"
#include "harness/test_thread.hpp"
#include "results_file.hpp"

namespace harness::controlled {
namespace {

// A schedule that runs longer than this has a thread spinning outside lab:: operations (no scheduling
// point, so the step bound cannot catch it). Generous: a schedule normally takes microseconds.
constexpr auto kScheduleTimeLimit = std::chrono::seconds(10);

[[noreturn]] void run_in_child(const RunRequest& request, const std::function<void()>& body, int fd) {
  ::testing::TestPartResultArray failures;
  ::testing::ScopedFakeTestPartResultReporter reporter(
      ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ALL_THREADS, &failures);
  begin_schedule(request, fd, &failures);
  try {
    body();
  } catch (const std::exception& error) {
    report({"exception", std::string("The test stopped on an exception: ") + error.what(), "", 0});
  } catch (...) {
    report({"exception", "The test stopped on an exception that is not a std::exception", "", 0});
  }
  end_schedule_after_body();
}

// Reads the child's whole output; gives up (and kills the child) after kScheduleTimeLimit.
std::string read_outcome(int fd, pid_t child, bool& timed_out) {
  std::string text;
  char buffer[65536];
  const auto deadline = std::chrono::steady_clock::now() + kScheduleTimeLimit;
  timed_out = false;
  for (;;) {
    pollfd waiting{fd, POLLIN, 0};
    const int ready = ::poll(&waiting, 1, 100);
    progress();  // the parent is busy, not stuck: keep the watchdog quiet
    if (ready > 0) {
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got <= 0) return text;
      text.append(buffer, static_cast<std::size_t>(got));
    } else if (std::chrono::steady_clock::now() > deadline) {
      ::kill(child, SIGKILL);
      timed_out = true;
      return text;
    }
  }
}

RunOutcome lost_child(int status, bool timed_out) {
  RunOutcome outcome;
  outcome.failed = true;
  outcome.kind = "crash";
  std::string message;
  if (timed_out) {
    outcome.kind = "livelock";
    message = "A schedule ran for more than 10 s without reaching a lab:: operation: a thread spins on something "
              "that is not a lab::atomic, or never ends.";
  } else if (WIFSIGNALED(status)) {
    message = "The test crashed under the controlled scheduler (signal " + std::to_string(WTERMSIG(status)) + ").";
  } else {
    message = "The test ended the process under the controlled scheduler (exit status " +
              std::to_string(WEXITSTATUS(status)) + ").";
  }
  outcome.findings.push_back({timed_out ? "watchdog" : "exception", message, "", 0});
  return outcome;
}

}  // namespace

RunOutcome run_schedule(const RunRequest& request, const std::function<void()>& body) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return lost_child(0, false);
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    run_in_child(request, body, fds[1]);
  }
  ::close(fds[1]);
  if (child < 0) {
    ::close(fds[0]);
    return lost_child(0, false);
  }
  bool timed_out = false;
  const std::string text = read_outcome(fds[0], child, timed_out);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == kExitNotImplemented) {
    // The child reached a TODO of the starter code and already wrote the results file that says which:
    // end this test the same way, so the student reads "not implemented yet", not a lost schedule.
    std::fflush(stdout);
    std::fflush(stderr);
    ::_exit(kExitNotImplemented);
  }
  RunOutcome outcome;
  if (timed_out || !outcome_from_text(text, outcome)) return lost_child(status, timed_out);
  return outcome;
}

}  // namespace harness::controlled
