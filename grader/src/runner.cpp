// Process runner on Boost.Process: process groups, wall-clock limits, capped output through a pipe.
#include "runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/process.hpp>
#include <boost/process/posix.hpp>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <thread>

extern char** environ;

namespace grader {

namespace bp = boost::process;
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
void drain(int fd, CappedOutput& out, const std::atomic<bool>& done) {
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
  }
}

void record_status(int status, RunOutcome& outcome) {
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
}

// Polls the child until it ends or the deadline passes; returns false on timeout.
bool wait_until(bp::child& child, Clock::time_point deadline) {
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    std::error_code ec;
    if (!child.running(ec) || ec) return true;
    const auto now = Clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(25));
  }
}

bp::environment make_environment(const std::map<std::string, std::string>& vars) {
  bp::environment env;
  for (const auto& [key, value] : vars) env[key] = value;
  return env;
}

}  // namespace

RunOutcome run_process(const RunRequest& request) {
  RunOutcome outcome;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    outcome.start_error = std::string("pipe2: ") + std::strerror(errno);
    return outcome;
  }
  CappedOutput captured(request.output_cap);
  std::atomic<bool> done{false};
  std::thread reader([&] { drain(fds[0], captured, done); });

  const auto start = Clock::now();
  bp::group group;
  std::error_code ec;
  bp::child child(bp::exe = request.program.string(), bp::args = request.args,
                  bp::start_dir = request.cwd.string(), make_environment(request.env), bp::std_in < bp::null,
                  bp::posix::fd.bind(1, fds[1]), bp::posix::fd.bind(2, fds[1]), group, ec);
  ::close(fds[1]);  // the child holds its own copy; EOF arrives when every writer has gone
  if (ec) {
    outcome.start_error = fmt::format("cannot start {}: {}", request.program.string(), ec.message());
  } else {
    outcome.started = true;
    if (!wait_until(child, start + request.timeout)) {
      outcome.timed_out = true;
      group.terminate(ec);
    }
    child.wait(ec);
    record_status(child.native_exit_code(), outcome);
    group.terminate(ec);  // whatever the test left running in its group dies with it
  }
  group.detach();
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
