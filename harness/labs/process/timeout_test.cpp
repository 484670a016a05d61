// Graded tests of run_with_timeout, and of fork in a program with several threads.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <time.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include "process_checks.hpp"

namespace process_lab {
namespace {

using harness::processes::FaultPlan;
using namespace std::chrono_literals;

TimeoutOutcome run_with_timeout(const std::vector<std::string>& command, std::chrono::milliseconds limit) {
  TimeoutOutcome outcome = api().run_with_timeout(command, limit);
  guard_escape("run_with_timeout");
  return outcome;
}

TEST(Timeout, KillsTheWholeGroup) {
  {
    // lab-sleep starts 3 children of its own, in its process group, and all sleep a minute.
    Scope scope;
    const TimeoutOutcome outcome = run_with_timeout({"lab-sleep", "60000", "3"}, 300ms);
    if (!scope.leaves_nothing_behind("run_with_timeout")) return;
    if (!outcome.timed_out || !WIFSIGNALED(outcome.status) || WTERMSIG(outcome.status) != SIGKILL) {
      harness::fail_check("run_with_timeout({lab-sleep 60000 3}, 300 ms) returned timed_out = " + std::string(outcome.timed_out ? "true" : "false") +
                          " and a command that " + describe_status(outcome.status) + "; expected timed_out and SIGKILL");
      return;
    }
  }
  for (const bool faults : {false, true}) {
    // A command that ends in time gives its own status, also when waitpid and nanosleep are interrupted.
    std::unique_ptr<FaultPlan> plan;
    if (faults) plan = std::make_unique<FaultPlan>(alternating_interruptions());
    Scope scope;
    const TimeoutOutcome outcome = run_with_timeout({"lab-exit", "3"}, 60s);
    if (!scope.leaves_nothing_behind("run_with_timeout")) return;
    if (outcome.timed_out || !WIFEXITED(outcome.status) || WEXITSTATUS(outcome.status) != 3) {
      harness::fail_check(std::string("run_with_timeout({lab-exit 3}, 60 s)") + (faults ? " with interrupted calls" : "") +
                          " returned timed_out = " + (outcome.timed_out ? "true" : "false") + " and a command that " +
                          describe_status(outcome.status) + "; expected exit status 3");
      return;
    }
  }
}

// Three threads of the test allocate and lock while the student forks: in their children, only
// async-signal-safe calls may follow the fork (the hooks flag allocation and locks there).
TEST(AfterFork, OnlyAsyncSignalSafeCalls) {
  std::atomic<bool> stop{false};
  // Plain threads, not TestThreads: the watchdog judges the student's processes, not these.
  std::vector<std::thread> busy;
  for (int i = 0; i < 3; ++i) {
    busy.emplace_back([&stop] {
      std::mutex lock;
      while (!stop.load()) {
        std::lock_guard guard(lock);
        std::vector<int> garbage(64);
        timespec pause{0, 200'000};
        ::nanosleep(&pause, nullptr);
      }
    });
  }
  // Stops and joins them however the test ends.
  struct Joiner {
    std::atomic<bool>& stop;
    std::vector<std::thread>& threads;
    ~Joiner() {
      stop.store(true);
      for (std::thread& thread : threads) thread.join();
    }
  } joiner{stop, busy};
  {
    const Stages stages{{"lab-gen", "200000"}, {"lab-xform"}, {"lab-count"}};
    const TestFd in = TestFd::empty_input(), out = TestFd::output();
    Scope scope(stages);
    api().run_pipeline(stages, in.fd(), out.fd());
    guard_escape("run_pipeline");
    if (!scope.leaves_nothing_behind("run_pipeline (while 3 other threads run)")) return;
  }
  {
    Scope scope;
    run_with_timeout({"lab-sleep", "60000", "1"}, 100ms);
    scope.leaves_nothing_behind("run_with_timeout (while 3 other threads run)");
  }
}

}  // namespace
}  // namespace process_lab
