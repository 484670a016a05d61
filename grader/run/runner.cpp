// Process runner on Boost.Process: process groups, wall-clock limits, capped output, optional confinement.
#include "runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/posix.hpp>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <thread>

extern char** environ;

namespace grader {

namespace bp = boost::process;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Keeps the first and the last cap/2 bytes of a stream.
class CappedOutput {
 public:
  explicit CappedOutput(std::size_t cap) : half_(cap / 2) {}

  void append(const char* data, std::size_t n) {
    total_ += n;
    const std::size_t to_head = std::min(n, half_ - std::min(half_, head_.size()));
    head_.append(data, to_head);
    tail_.append(data + to_head, n - to_head);
    if (tail_.size() > 2 * half_ + 4096) tail_.erase(0, tail_.size() - half_);
  }

  std::string text() const {
    const std::size_t kept_tail = std::min(tail_.size(), half_);
    const std::size_t dropped = total_ - head_.size() - kept_tail;
    if (dropped == 0) return head_ + tail_;
    return head_ + fmt::format("\n[... {} bytes of output not kept ...]\n", dropped) +
           tail_.substr(tail_.size() - kept_tail);
  }

  std::size_t total() const { return total_; }

 private:
  std::size_t half_;
  std::size_t total_ = 0;
  std::string head_;
  std::string tail_;
};

// Drains `fd` until EOF, or until `done` has been set and nothing arrived for a short grace period
// (a descendant that escaped the process group may hold the pipe open forever).
void drain(int fd, CappedOutput& out, const std::atomic<bool>& done, std::atomic<std::size_t>& total) {
  char buffer[16384];
  int idle_after_done = 0;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, 50);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      if (done.load() && ++idle_after_done >= 4) return;
      continue;
    }
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    out.append(buffer, static_cast<std::size_t>(n));
    total.fetch_add(static_cast<std::size_t>(n), std::memory_order_relaxed);
  }
}

bp::environment make_environment(const std::map<std::string, std::string>& vars) {
  bp::environment env;
  for (const auto& [key, value] : vars) env[key] = value;
  return env;
}

// What is actually started: the program itself, or bwrap running it in the sandbox.
struct Launch {
  std::string program;
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  bool bwrap = false;
};

Launch launch_for(const RunRequest& r) {
  std::map<std::string, std::string> env = r.env;
  if (!r.secret.empty()) env["LAB_SEAL_FD"] = std::to_string(kSecretFd);
  if (r.isolation && r.isolation->sandbox) {
    warn_once_if_not_isolated();
    if (sandbox_support().available) {
      // bwrap itself needs no environment; the program gets exactly `env` (--clearenv, --setenv).
      return {sandbox_support().bwrap.string(), bwrap_arguments(r.isolation->mounts, r.program, r.args, env, r.cwd),
              {}, true};
    }
  }
  return {r.program.string(), r.args, env, false};
}

// The limits of one isolated run: the cgroup when there is one, else RLIMIT_NPROC and the /proc watch.
struct Confinement {
  std::unique_ptr<RunCgroup> cgroup;
  ChildLimits child;
  std::string description;
};

Confinement confine(const RunRequest& r, bool bwrap) {
  Confinement c;
  c.child.limits = r.isolation->limits;
  c.cgroup = RunCgroup::create(c.child.limits);
  if (c.cgroup) {
    c.child.cgroup_procs_files = c.cgroup->procs_files();
  } else {
    c.child.set_nproc = true;
    c.child.nproc = nproc_bound(c.child.limits.tasks);
  }
  const bool wanted = r.isolation->sandbox;
  c.description = fmt::format("{}, {}", bwrap ? "sandbox" : (wanted ? "not isolated" : "no sandbox"),
                              c.cgroup ? "cgroup" : "/proc watch");
  return c;
}

// How many times the machine is oversubscribed right now: runnable threads (/proc/stat's procs_running)
// per CPU, at least 1. A correct program that has written its verdict still needs CPU to exit; on a loaded
// grader it gets a share of one, so its grace is stretched by this factor (capped by the caller).
double oversubscription() {
  std::ifstream stat("/proc/stat");
  std::string key;
  double running = 0;
  while (stat >> key) {
    if (key == "procs_running") {
      stat >> running;
      break;
    }
    stat.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  const double cpus = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1.0, running / cpus);
}

// The end of a run's time: the wall-clock limit, brought forward to `exit_grace` after the program's
// verdict became final (RunRequest::finished_file). The grace is stretched by the machine's load when the
// file appears (at most 5 times), so that a verdict never depends on how busy the grader is: a program
// that sleeps forever after its verdict costs 2 s on a quiet machine and at most 10 s on a loaded one.
class Deadline {
 public:
  Deadline(const RunRequest& r, Clock::time_point start) : limit_(start + r.timeout), request_(r) {}

  // Looks for the finished file (a cheap lstat) and returns the current deadline.
  Clock::time_point update(Clock::time_point now) {
    if (!finished_at_ && !request_.finished_file.empty()) {
      std::error_code ec;
      if (fs::exists(fs::symlink_status(request_.finished_file, ec))) {
        finished_at_ = now;
        const double stretch = std::min(5.0, oversubscription());
        grace_ = std::chrono::duration_cast<std::chrono::milliseconds>(request_.exit_grace * stretch);
      }
    }
    return finished_at_ ? std::min(limit_, *finished_at_ + grace_) : limit_;
  }
  // The program was stopped because it outlived its grace, not by the time limit.
  std::chrono::milliseconds grace() const { return grace_; }
  bool grace_expired(Clock::time_point now) const {
    return finished_at_ && now >= *finished_at_ + grace_ && *finished_at_ + grace_ < limit_;
  }

 private:
  Clock::time_point limit_;
  const RunRequest& request_;
  std::optional<Clock::time_point> finished_at_;
  std::chrono::milliseconds grace_{0};
};

// Polls the child until it ends, the deadline passes (returns false) or a resource limit is broken
// (returns false with `breach` set).
bool wait_until(bp::child& child, Deadline& deadline, Confinement* confined, TreeWatch* watch,
                const std::atomic<std::size_t>& written, LimitBreach& breach) {
  auto pause = std::chrono::milliseconds(1);
  auto next_watch = Clock::now();
  for (;;) {
    std::error_code ec;
    if (!child.running(ec) || ec) return true;
    const auto now = Clock::now();
    const auto end = deadline.update(now);
    if (now >= end) return false;
    if (watch && now >= next_watch) {
      next_watch = now + std::chrono::milliseconds(100);
      breach = watch->check();
      if (breach.empty() && confined->cgroup) breach = confined->cgroup->breach(confined->child.limits);
      const std::size_t output_limit = confined->child.limits.output;
      if (breach.empty() && output_limit > 0 && written.load(std::memory_order_relaxed) > output_limit) {
        breach = {"output", fmt::format("printed more than {} MB and was killed", output_limit >> 20)};
      }
      if (!breach.empty()) return false;
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(pause, end - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(25));
  }
}

// bwrap turns "killed by signal S" into exit status 128+S; undo that so a crash stays a crash.
void record_status(int status, bool bwrap, RunOutcome& outcome) {
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  if (bwrap && outcome.signal == 0) {
    if (const int signal = signal_from_bwrap_status(outcome.exit_code)) outcome.signal = signal, outcome.exit_code = -1;
  }
}

}  // namespace

RunOutcome run_process(const RunRequest& request) {
  RunOutcome outcome;
  // The secret waits in a pipe's buffer (a few dozen bytes never block); the child holds the only read
  // end. Without a secret the pipe is empty: the descriptor reads as end-of-file.
  int secret_fds[2];
  if (::pipe2(secret_fds, O_CLOEXEC) != 0) {
    outcome.start_error = std::string("pipe2: ") + std::strerror(errno);
    return outcome;
  }
  const bool secret_sent = ::write(secret_fds[1], request.secret.data(), request.secret.size()) ==
                           static_cast<ssize_t>(request.secret.size());
  ::close(secret_fds[1]);
  if (secret_fds[0] == kSecretFd) {
    // dup2 onto itself would keep close-on-exec set: move the read end off the target number first.
    const int moved = ::fcntl(kSecretFd, F_DUPFD_CLOEXEC, kSecretFd + 1);
    ::close(kSecretFd);
    secret_fds[0] = moved;
  }
  if (!secret_sent || secret_fds[0] < 0) {
    outcome.start_error = std::string("secret pipe: ") + std::strerror(errno);
    if (secret_fds[0] >= 0) ::close(secret_fds[0]);
    return outcome;
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    outcome.start_error = std::string("pipe2: ") + std::strerror(errno);
    ::close(secret_fds[0]);
    return outcome;
  }
  CappedOutput captured(request.output_cap);
  std::atomic<bool> done{false};
  std::atomic<std::size_t> written{0};
  std::thread reader([&] { drain(fds[0], captured, done, written); });

  const Launch launch = launch_for(request);
  std::optional<Confinement> confined;
  if (request.isolation) confined = confine(request, launch.bwrap);
  const ChildLimits* limits = confined ? &confined->child : nullptr;
  // Runs in the forked child before exec: only async-signal-safe calls (see ChildLimits).
  auto setup = bp::extend::on_exec_setup([limits](auto&) {
    if (limits && !limits->apply_in_child()) ::_exit(125);
  });

  const auto start = Clock::now();
  bp::group group;
  std::error_code ec;
  bp::child child(bp::exe = launch.program, bp::args = launch.args, bp::start_dir = request.cwd.string(),
                  make_environment(launch.env), bp::std_in < bp::null, bp::posix::fd.bind(1, fds[1]),
                  bp::posix::fd.bind(2, fds[1]), bp::posix::fd.bind(kSecretFd, secret_fds[0]),
                  group, setup, ec);
  ::close(fds[1]);  // the child holds its own copy; EOF arrives when every writer has gone
  ::close(secret_fds[0]);
  if (ec) {
    outcome.start_error = fmt::format("cannot start {}: {}", launch.program, ec.message());
  } else {
    outcome.started = true;
    std::optional<TreeWatch> watch;
    if (confined) watch.emplace(child.id(), confined->child.limits, !confined->cgroup);
    LimitBreach breach;
    Deadline deadline(request, start);
    if (!wait_until(child, deadline, confined ? &*confined : nullptr, watch ? &*watch : nullptr, written, breach)) {
      outcome.hung_after_finish = breach.empty() && deadline.grace_expired(Clock::now());
      outcome.grace_used = deadline.grace();
      outcome.timed_out = breach.empty() && !outcome.hung_after_finish;
      group.terminate(ec);
    }
    child.wait(ec);
    record_status(child.native_exit_code(), launch.bwrap, outcome);
    group.terminate(ec);  // whatever the test left running in its group dies with it
    if (confined && confined->cgroup) {
      confined->cgroup->kill_all();  // also what left the group (setsid) or the sandbox's namespace
      if (breach.empty()) breach = confined->cgroup->breach(confined->child.limits);
    }
    if (watch) watch->kill_seen();
    outcome.limit_reason = breach.reason;
  }
  group.detach();
  if (confined) outcome.isolation = confined->description;
  confined.reset();  // removes the cgroup
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  done.store(true);
  reader.join();
  ::close(fds[0]);
  outcome.output = captured.text();
  outcome.output_bytes = captured.total();
  if (!request.output_file.empty()) std::ofstream(request.output_file, std::ios::binary) << outcome.output;
  return outcome;
}

std::map<std::string, std::string> base_environment() {
  std::map<std::string, std::string> env;
  for (const char* key : {"PATH", "HOME"}) {
    if (const char* value = std::getenv(key)) env[key] = value;
  }
  if (env.find("PATH") == env.end()) env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
  env["LANG"] = "C.UTF-8";
  return env;
}

std::map<std::string, std::string> inherited_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

std::string signal_name(int signal) {
  if (const char* abbrev = ::sigabbrev_np(signal)) return std::string("SIG") + abbrev;
  return fmt::format("signal {}", signal);
}

}  // namespace grader
