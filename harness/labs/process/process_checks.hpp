// The processes lab's checks: what a call left behind (descriptors, children), what its children held and did.
#pragma once

#include <string>
#include <vector>

#include <harness/harness.hpp>
#include <harness/processes.hpp>

#include "process_api.hpp"

namespace process_lab {

using Stages = std::vector<std::vector<std::string>>;

// One check of a student's call: a fresh call log, the test process as the reaper of orphans, the
// descriptors it held before, a ProcessMonitor for `stages`; on destruction, every process still left is
// killed and reaped so the next check starts clean.
class Scope {
 public:
  explicit Scope(Stages stages = {}, std::string (*note)() = nullptr);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

  // After the student's `call` returned: no child it forked is left (running, or a zombie nobody waited
  // for), no process of it still runs (reparented orphans), the test process holds exactly the
  // descriptors it held before, and no child made a call it must not. Reports each failure; false if any.
  bool leaves_nothing_behind(const std::string& call);
  // Only the children's forbidden calls and escapes (also part of leaves_nothing_behind).
  bool children_behaved(const std::string& call);

 private:
  std::vector<harness::processes::OpenFd> fds_before_;
  harness::processes::ProcessMonitor monitor_;
};

// Call right after each call of the student: a child process that returned from the student's code
// into the test's ends here, recorded as a violation its parent's test reports.
inline void guard_escape(const char* call) {
  if (::getpid() != harness::processes::test_pid()) harness::processes::end_escaped_child(call);
}

// Every stage in `stages` was started holding none of the student's pipes and none of `caller_fds` (the
// in_fd and out_fd the test passed) other than as descriptors 0, 1 and 2, with stage i's standard output
// the pipe stage i+1 reads. Reports each failure.
bool stages_held_only_their_pipes(const Stages& stages, const std::vector<int>& caller_fds);

// A descriptor for the test's side of a pipeline: /dev/null to read, or a memory file to collect what the
// last stage writes. Not close-on-exec, as a shell's descriptors are: the student's children must close it.
class TestFd {
 public:
  static TestFd empty_input();
  static TestFd output();
  ~TestFd();
  TestFd(TestFd&& other) noexcept;
  TestFd(const TestFd&) = delete;
  TestFd& operator=(const TestFd&) = delete;
  int fd() const noexcept { return fd_; }
  std::string contents() const;

 private:
  explicit TestFd(int fd) noexcept : fd_(fd) {}
  int fd_ = -1;
};

// "exited with status 3", "was killed by SIGPIPE" for a wait status.
std::string describe_status(int wait_status);

// Reports a check failure with the student's line when one is known.
void fail_at(const std::string& message, const harness::processes::CallSite& site);

// Fault plans by what fails: interrupted and short calls, forks from the `from`th on (`count` of them),
// every exec of `program`.
inline harness::processes::FaultRates interruptions(double eintr, double short_io = 0) {
  harness::processes::FaultRates rates;
  rates.eintr = eintr, rates.short_io = short_io;
  return rates;
}
// Every other read, write, waitpid and nanosleep of each thread fails with EINTR (whatever the seed).
inline harness::processes::FaultRates alternating_interruptions(double short_io = 0) {
  harness::processes::FaultRates rates;
  rates.eintr_alternate = true, rates.short_io = short_io;
  return rates;
}
inline harness::processes::FaultRates fork_failures(int from, int count, harness::processes::FaultRates rates = {}) {
  rates.fail_fork_from = from, rates.fail_fork_count = count;
  return rates;
}
inline harness::processes::FaultRates exec_failures(const char* program) {
  harness::processes::FaultRates rates;
  rates.fail_exec_program = program;
  return rates;
}

// The api table, from the adapter.
inline const ProcessApi& api() { return process_api(); }

// Links the lab's operator new and pthread_mutex_lock hooks into the test binary (after_fork_hooks.cpp).
void install_after_fork_hooks() noexcept;

}  // namespace process_lab
