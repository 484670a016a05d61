// Unit tests of lab::sys: the allowlists of execvp and kill, the fault plans, the call log, the helpers' data.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <thread>

#include <harness/processes.hpp>
#include <lab/sys.hpp>

#include "results_file.hpp"

namespace {

using harness::processes::CallLog;
using harness::processes::FaultPlan;
using harness::processes::FaultRates;

// Runs `child` in a process made by lab::sys::fork and returns its exit status (-1 if it did not exit).
template <typename Child>
int in_child(Child child) {
  const pid_t pid = lab::sys::fork();
  if (pid == 0) lab::sys::exit_now(child());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Only the helper programs run: a shell, by path or by name, fails as a missing program.
TEST(SysExecvp, RunsOnlyTheHelperPrograms) {
  CallLog::reset();
  for (const char* program : {"/bin/sh", "sh", "true", "lab-no-such-program"}) {
    const int code = in_child([program] {
      char* argv[] = {const_cast<char*>(program), const_cast<char*>("-c"), const_cast<char*>("exit 0"), nullptr};
      return lab::sys::execvp(program, argv) == -1 && errno == ENOENT ? 42 : 1;
    });
    EXPECT_EQ(code, 42) << program;
  }
  const auto execs = CallLog::execs();
  ASSERT_EQ(execs.size(), 4u);
  EXPECT_EQ(execs[0].argv.front(), "/bin/sh");
  EXPECT_EQ(execs[0].error, ENOENT);
}

// kill reaches only a process lab::sys::fork made, or the group named after it.
TEST(SysKill, SignalsOnlyForkedProcessesAndTheirGroups) {
  CallLog::reset();
  for (const pid_t target : {pid_t{0}, pid_t{-1}, ::getpid(), -::getpid(), pid_t{1}}) {
    errno = 0;
    EXPECT_EQ(lab::sys::kill(target, 0), -1) << target;
    EXPECT_EQ(errno, EPERM) << target;
  }
  const pid_t pid = lab::sys::fork();
  if (pid == 0) {
    ::pause();
    lab::sys::exit_now(0);
  }
  EXPECT_EQ(lab::sys::kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

// Alternating interruptions: each kind of call fails on its first call and succeeds on the next.
TEST(SysFaults, AlternatingEintrPerKindOfCall) {
  FaultRates rates;
  rates.eintr_alternate = true;
  FaultPlan plan(rates);
  int fds[2];
  ASSERT_EQ(lab::sys::pipe(fds), 0);
  char byte = 'x';
  EXPECT_EQ(lab::sys::write(fds[1], &byte, 1), -1);
  EXPECT_EQ(errno, EINTR);
  EXPECT_EQ(lab::sys::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, EINTR);
  EXPECT_EQ(lab::sys::write(fds[1], &byte, 1), 1);
  EXPECT_EQ(lab::sys::read(fds[0], &byte, 1), -1);
  EXPECT_EQ(errno, EINTR);
  EXPECT_EQ(lab::sys::read(fds[0], &byte, 1), 1);
  EXPECT_EQ(lab::sys::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD) << "the second waitpid is a real one";
  lab::sys::close(fds[0]);
  lab::sys::close(fds[1]);
}

TEST(SysFaults, ShortWritesMoveAtLeastOneByte) {
  FaultRates rates;
  rates.short_io = 1.0;
  FaultPlan plan(rates);
  int fds[2];
  ASSERT_EQ(lab::sys::pipe(fds), 0);
  const char text[] = "0123456789";
  const ssize_t wrote = lab::sys::write(fds[1], text, 10);
  EXPECT_GE(wrote, 1);
  EXPECT_LE(wrote, 5);
  lab::sys::close(fds[0]);
  lab::sys::close(fds[1]);
}

// Forks from the Nth on fail with EAGAIN, `count` of them; exec of the named program fails with ENOENT.
TEST(SysFaults, ForkAndExecFailures) {
  FaultRates rates;
  rates.fail_fork_from = 2, rates.fail_fork_count = 2;
  rates.fail_exec_program = "lab-gen";
  FaultPlan plan(rates);
  EXPECT_EQ(in_child([] { return 7; }), 7);
  for (int i = 0; i < 2; ++i) {
    errno = 0;
    EXPECT_EQ(lab::sys::fork(), -1);
    EXPECT_EQ(errno, EAGAIN);
  }
  EXPECT_EQ(in_child([] {
              char* argv[] = {const_cast<char*>("lab-gen"), const_cast<char*>("10"), nullptr};
              return lab::sys::execvp("lab-gen", argv) == -1 && errno == ENOENT ? 9 : 1;
            }),
            9);
  EXPECT_NE(FaultPlan::summary().find("fork EAGAIN x2"), std::string::npos) << FaultPlan::summary();
}

// What a child holds when it execs is recorded, close-on-exec flag and pipe included.
TEST(SysCallLog, ExecRecordsDescriptorsAndPipes) {
  CallLog::reset();
  int plain[2], cloexec[2];
  ASSERT_EQ(lab::sys::pipe(plain), 0);
  ASSERT_EQ(lab::sys::pipe2(cloexec, O_CLOEXEC), 0);
  in_child([] {
    char* argv[] = {const_cast<char*>("lab-no-such-program"), nullptr};
    lab::sys::execvp("lab-no-such-program", argv);
    return 0;
  });
  const auto pipes = CallLog::pipes();
  ASSERT_EQ(pipes.size(), 2u);
  const auto execs = CallLog::execs();
  ASSERT_EQ(execs.size(), 1u);
  auto held = [&](int fd) -> const harness::processes::ExecFd* {
    for (const auto& f : execs[0].fds) {
      if (f.fd == fd) return &f;
    }
    return nullptr;
  };
  ASSERT_NE(held(plain[1]), nullptr);
  EXPECT_TRUE(held(plain[1])->writes);
  EXPECT_FALSE(held(plain[1])->cloexec);
  EXPECT_EQ(held(plain[1])->pipe, pipes[0].inode);
  ASSERT_NE(held(cloexec[0]), nullptr);
  EXPECT_TRUE(held(cloexec[0])->cloexec);
  EXPECT_EQ(execs[0].site.text().rfind("sys_calls_test.cpp:", 0), 0u) << execs[0].site.text();
  for (int fd : {plain[0], plain[1], cloexec[0], cloexec[1]}) lab::sys::close(fd);
}

// In a child of a multithreaded process, the first unsafe call is recorded once, with the fork's line.
TEST(SysCallLog, UnsafeCallAfterForkInAThreadedProcess) {
  CallLog::reset();
  std::atomic<bool> stop{false};
  std::thread other([&stop] {
    while (!stop.load()) std::this_thread::yield();
  });
  in_child([] {
    harness::processes::note_call_after_fork("called operator new");
    harness::processes::note_call_after_fork("took a lock");
    return 0;
  });
  stop.store(true);
  other.join();
  const auto violations = CallLog::violations();
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].what, "called operator new");
  EXPECT_GE(violations[0].threads_in_parent, 2);
  EXPECT_EQ(violations[0].fork_site.text().rfind("sys_calls_test.cpp:", 0), 0u);
  harness::processes::note_call_after_fork("in the test process itself: not a child");
  EXPECT_EQ(CallLog::violations().size(), 1u);
}

// A child made by lab::sys::fork never writes the results file; the process that forked it still may.
TEST(SysFork, ChildNeverWritesTheResultsFile) {
  EXPECT_EQ(in_child([] { return harness::write_results_file(harness::Verdict::pass) ? 1 : 0; }), 0);
}

TEST(HelperPrograms, GeneratedTextAndCount) {
  const std::string text = harness::processes::generated_text(0, 60);
  EXPECT_EQ(text.substr(0, 48), "line 0000000 of lab-gen\nline 0000001 of lab-gen\n");
  EXPECT_EQ(harness::processes::generated_text(10, 30), text.substr(10, 30));
  harness::processes::CountState count;
  count.add("");
  EXPECT_EQ(count.line(), "0 cbf29ce484222325\n");
  EXPECT_TRUE(harness::processes::is_helper_program("lab-count"));
  EXPECT_FALSE(harness::processes::is_helper_program("sh"));
}

}  // namespace
