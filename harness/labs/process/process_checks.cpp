// The processes lab's checks of what a call left behind and what its children held and did.
#include "process_checks.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace process_lab {
namespace {

using namespace harness::processes;

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

// How the feedback names a process: its program, else the fork that made it.
std::string process_name(pid_t pid) {
  for (const ExecRecord& exec : CallLog::execs()) {
    if (exec.pid == pid && exec.error == 0) return "pid " + std::to_string(pid) + " (" + joined(exec.argv) + ")";
  }
  for (const ForkRecord& fork : CallLog::forks()) {
    if (fork.child == pid) return "pid " + std::to_string(pid) + " (forked at " + fork.site.text() + ")";
  }
  return "pid " + std::to_string(pid);
}

// A violating child: its pid and the fork that made it (it has not exec'd: that is what it did wrong).
std::string child_name(const Violation& v) {
  return "pid " + std::to_string(v.pid) + ", made by the fork at " + v.fork_site.text();
}

std::string fd_meaning(unsigned long pipe, bool writes, const std::vector<PipeRecord>& pipes) {
  if (pipe == 0) return "";
  const PipeRecord* made = CallLog::pipe_named(pipes, pipe);
  const std::string end = writes ? "the write end" : "the read end";
  return made == nullptr ? end + " of a pipe" : end + " of the pipe made at " + made->site.text();
}

CallSite site_of_pipe(unsigned long pipe, const std::vector<PipeRecord>& pipes) {
  const PipeRecord* made = CallLog::pipe_named(pipes, pipe);
  return made == nullptr ? CallSite{} : made->site;
}

bool same_fd(const OpenFd& a, const OpenFd& b) { return a.fd == b.fd && a.target == b.target; }

bool report_violations(const std::string& call) {
  const std::vector<Violation> violations = CallLog::violations();
  // An escaped child also made unsafe calls on its way back into the test: name the escape.
  std::vector<pid_t> escaped;
  for (const Violation& v : violations) {
    if (v.what.rfind("returned from", 0) == 0) escaped.push_back(v.pid);
  }
  for (const Violation& v : violations) {
    const bool is_escape = v.what.rfind("returned from", 0) == 0;
    if (!is_escape && std::find(escaped.begin(), escaped.end(), v.pid) != escaped.end()) continue;
    if (is_escape) {
      fail_at("a child process (" + child_name(v) + ") " + v.what +
                  ": a child whose exec failed, or whose work is done, must end with "
                  "lab::sys::exit_now(status); returning runs the parent's code a second time. Its last lab::sys call "
                  "was at " + v.site.text(),
              v.site);
    } else {
      fail_at("during " + call + ", a child process (" + child_name(v) + ") " + v.what +
                  " after fork, in a program with " + std::to_string(v.threads_in_parent) +
                  " threads: between fork and exec (and in a worker that never execs) only async-signal-safe calls "
                  "are allowed — lab::sys functions, no allocation (std::string, std::vector, new), no locks, no "
                  "printf. Prepare everything before fork. The child's last lab::sys call was at " + v.site.text(),
              v.site);
    }
  }
  return violations.empty();
}

bool report_children(const std::string& call) {
  bool ok = true;
  for (const ChildProcess& child : children()) {
    if (!child.forked_by_student) continue;
    ok = false;
    if (child.state == 'Z') {
      harness::fail_check(process_name(child.pid) + " ended, but " + call +
                          " never waited for it: it stays a zombie until lab::sys::waitpid collects its status");
    } else {
      harness::fail_check(process_name(child.pid) + " still runs after " + call + " returned (it " +
                          describe_activity(child.pid) + "): wait for every child you start");
    }
  }
  for (const ChildProcess& orphan : reap_reparented()) {
    ok = false;
    harness::fail_check("pid " + std::to_string(orphan.pid) + " (" + orphan.name + "), started by a process of " + call +
                        ", still runs after its parent ended (process group " + std::to_string(orphan.pgid) +
                        "): kill the whole group with lab::sys::kill(-pgid, SIGKILL), not only its leader");
  }
  return ok;
}

// The test process's descriptors, without those of /proc files the harness's monitor has open for a
// moment (student code cannot open files: lab::sys has no open).
std::vector<OpenFd> own_fds() {
  std::vector<OpenFd> fds = open_fds();
  std::erase_if(fds, [](const OpenFd& fd) { return fd.target.rfind("/proc/", 0) == 0; });
  return fds;
}

bool report_descriptors(const std::vector<OpenFd>& before, const std::string& call) {
  bool ok = true;
  const std::vector<OpenFd> after = own_fds();
  const std::vector<PipeRecord> pipes = CallLog::pipes();
  for (const OpenFd& fd : after) {
    if (std::any_of(before.begin(), before.end(), [&](const OpenFd& b) { return same_fd(b, fd); })) continue;
    ok = false;
    fail_at(call + " left fd " + std::to_string(fd.fd) + " open in the calling process (" +
                (fd.pipe != 0 ? fd_meaning(fd.pipe, fd.writes, pipes) : fd.target) +
                "): close every descriptor you open once no process needs it",
            site_of_pipe(fd.pipe, pipes));
  }
  for (const OpenFd& fd : before) {
    if (std::any_of(after.begin(), after.end(), [&](const OpenFd& a) { return same_fd(a, fd); })) continue;
    ok = false;
    harness::fail_check(call + " closed fd " + std::to_string(fd.fd) + " (" + fd.target +
                        ") of the calling process, which it did not open: the caller's descriptors are the caller's "
                        "to close (close them in the children only)");
  }
  return ok;
}

}  // namespace

Scope::Scope(Stages stages, std::string (*note)()) : monitor_(std::move(stages), note) {
  install_after_fork_hooks();
  CallLog::reset();
  become_subreaper();
  fds_before_ = own_fds();
}

Scope::~Scope() { kill_and_reap_all_children(); }

bool Scope::children_behaved(const std::string& call) { return report_violations(call); }

bool Scope::leaves_nothing_behind(const std::string& call) {
  const bool behaved = report_violations(call);
  const bool reaped = report_children(call);
  const bool closed = report_descriptors(fds_before_, call);
  return behaved && reaped && closed;
}

bool stages_held_only_their_pipes(const Stages& stages, const std::vector<int>& caller_fds) {
  const std::vector<ExecRecord> execs = CallLog::execs();
  const std::vector<PipeRecord> pipes = CallLog::pipes();
  bool ok = true;
  std::vector<const ExecRecord*> started;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const std::string name = "stage " + std::to_string(i + 1) + " (" + joined(stages[i]) + ")";
    const ExecRecord* exec = nullptr;
    for (const ExecRecord& e : execs) {
      if (e.argv == stages[i] && e.error == 0) exec = &e;
    }
    started.push_back(exec);
    if (exec == nullptr) {
      ok = false;
      harness::fail_check(name + " was never started with lab::sys::execvp");
      continue;
    }
    for (const ExecFd& fd : exec->fds) {
      if (fd.fd <= 2 || fd.cloexec) continue;
      // Only what the student's code had to close: its own pipes and the caller's in_fd and out_fd.
      const bool student_pipe = fd.pipe != 0 && CallLog::pipe_named(pipes, fd.pipe) != nullptr;
      const bool caller_fd = std::find(caller_fds.begin(), caller_fds.end(), fd.fd) != caller_fds.end();
      if (!student_pipe && !caller_fd) continue;
      ok = false;
      const std::string what = student_pipe ? fd_meaning(fd.pipe, fd.writes, pipes) : "the caller's in_fd or out_fd";
      fail_at(name + " was started holding fd " + std::to_string(fd.fd) + ", " + what +
                  ": after dup2, a stage must close every pipe end and descriptor it does not use before exec"
                  " (a reader sees end of file only when every copy of the write end is closed)",
              exec->site);
    }
  }
  for (std::size_t i = 0; i + 1 < stages.size(); ++i) {
    if (started[i] == nullptr || started[i + 1] == nullptr) continue;
    auto pipe_at = [](const ExecRecord& e, int fd) {
      for (const ExecFd& f : e.fds) {
        if (f.fd == fd) return f.pipe;
      }
      return 0ul;
    };
    const unsigned long out = pipe_at(*started[i], 1), in = pipe_at(*started[i + 1], 0);
    if (out == 0 || out != in) {
      ok = false;
      harness::fail_check("stage " + std::to_string(i + 2) + "'s standard input (fd 0) is not the pipe that stage " +
                          std::to_string(i + 1) + " writes as its standard output (fd 1): dup2 the pipe's ends onto 0 and 1");
    }
  }
  return ok;
}

TestFd TestFd::empty_input() { return TestFd(::open("/dev/null", O_RDONLY)); }
TestFd TestFd::output() { return TestFd(::memfd_create("pipeline-output", 0)); }
TestFd::~TestFd() {
  if (fd_ >= 0) ::close(fd_);
}
TestFd::TestFd(TestFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

std::string TestFd::contents() const {
  std::string text;
  char buffer[16384];
  for (off_t offset = 0;;) {
    const ssize_t n = ::pread(fd_, buffer, sizeof buffer, offset);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
  return text;
}

std::string describe_status(int wait_status) {
  if (WIFSIGNALED(wait_status)) {
    const char* name = ::sigabbrev_np(WTERMSIG(wait_status));
    return "was killed by " + (name != nullptr ? "SIG" + std::string(name) : "signal " + std::to_string(WTERMSIG(wait_status)));
  }
  if (WIFEXITED(wait_status)) return "exited with status " + std::to_string(WEXITSTATUS(wait_status));
  return "has wait status " + std::to_string(wait_status);
}

void fail_at(const std::string& message, const CallSite& site) {
  harness::report({"check", message, site.file, site.line});
}

}  // namespace process_lab
