// Carol's processes lab.
#include "process.hpp"

#include <cerrno>
#include <csignal>
#include <thread>

#include <lab/sys.hpp>

namespace lab {
namespace {

// Every argument list as the char* array execvp wants, built before fork: between fork and exec the
// child of a multithreaded program may call only async-signal-safe functions (no allocation).
std::vector<std::vector<char*>> argv_arrays(const std::vector<std::vector<std::string>>& commands) {
  std::vector<std::vector<char*>> arrays;
  for (const auto& command : commands) {
    std::vector<char*> argv;
    for (const std::string& word : command) argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    arrays.push_back(std::move(argv));
  }
  return arrays;
}

// In a child: makes `from` the descriptor `to` (no-op when equal).
void move_fd(int from, int to) {
  if (from != to) lab::sys::dup2(from, to);
}

void close_all(const std::vector<int>& fds) {
  for (int fd : fds) {
    if (fd >= 0) lab::sys::close(fd);
  }
}

// fork, retried a few times while the system says "try again" (EAGAIN).
pid_t fork_retrying() {
  for (int attempt = 0;; ++attempt) {
    const pid_t pid = lab::sys::fork();
    if (pid >= 0 || errno != EAGAIN || attempt == 3) return pid;
    timespec pause{0, 1'000'000L << attempt};
    lab::sys::nanosleep(&pause, nullptr);
  }
}

int wait_for(pid_t pid) {
  int status = 0;
  while (lab::sys::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 0;
  }
  return status;
}

// In the child: becomes `argv` or exits 127 like a shell's "command not found".
[[noreturn]] void exec_or_exit(char* const* argv) {
  lab::sys::execvp(argv[0], argv);
  static const char message[] = "run_pipeline: cannot start the program\n";
  lab::sys::write(2, message, sizeof message - 1);
  lab::sys::exit_now(127);
}

bool write_all(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = lab::sys::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n, size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads exactly `size` bytes; false at end of file or error.
bool read_all(int fd, void* data, std::size_t size) {
  char* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = lab::sys::read(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n, size -= static_cast<std::size_t>(n);
  }
  return true;
}

struct MapRecord {
  long index;
  long value;
};

}  // namespace

int exit_code(int wait_status) {
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 0;
}

PipelineStatus run_pipeline(const std::vector<std::vector<std::string>>& stages, int in_fd, int out_fd) {
  const std::size_t n = stages.size();
  const auto argvs = argv_arrays(stages);
  PipelineStatus result;
  // pipes[2i] is stage i+1's stdin, pipes[2i+1] stage i's stdout.
  std::vector<int> pipes(2 * (n - 1), -1);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (lab::sys::pipe(&pipes[2 * i]) < 0) {
      result.error = errno;
      close_all(pipes);
      return result;
    }
  }
  std::vector<pid_t> pids;
  for (std::size_t i = 0; i < n; ++i) {
    const pid_t pid = fork_retrying();
    if (pid < 0) {
      result.error = errno;
      close_all(pipes);
      for (pid_t started : pids) lab::sys::kill(started, SIGKILL);
      for (pid_t started : pids) wait_for(started);
      return result;
    }
    if (pid == 0) {
      const int input = i == 0 ? in_fd : pipes[2 * (i - 1)];
      const int output = i + 1 == n ? out_fd : pipes[2 * i + 1];
      move_fd(input, 0);
      move_fd(output, 1);
      for (int fd : pipes) lab::sys::close(fd);
      if (in_fd > 2) lab::sys::close(in_fd);
      if (out_fd > 2 && out_fd != in_fd) lab::sys::close(out_fd);
      exec_or_exit(argvs[i].data());
    }
    if (i + 1 < n) lab::sys::close(pipes[2 * i + 1]);
    if (i > 0) lab::sys::close(pipes[2 * (i - 1)]);
    result.stages.push_back(wait_for(pid));
  }
  result.last = exit_code(result.stages.back());
  for (int status : result.stages) {
    if (exit_code(status) != 0) result.pipefail = exit_code(status);
  }
  return result;
}

std::vector<long> map_in_processes(MapFunction f, const std::vector<long>& inputs, int workers) {
  std::vector<long> results(inputs.size());
  std::vector<int> read_ends;
  std::vector<pid_t> pids;
  for (int k = 0; k < workers; ++k) {
    int fds[2];
    if (lab::sys::pipe(fds) < 0) break;
    const pid_t pid = fork_retrying();
    if (pid < 0) {
      lab::sys::close(fds[0]);
      lab::sys::close(fds[1]);
      break;
    }
    if (pid == 0) {
      lab::sys::close(fds[0]);
      for (int fd : read_ends) lab::sys::close(fd);
      for (std::size_t i = static_cast<std::size_t>(k); i < inputs.size(); i += static_cast<std::size_t>(workers)) {
        const MapRecord record{static_cast<long>(i), f(inputs[i])};
        if (!write_all(fds[1], &record, sizeof record)) lab::sys::exit_now(1);
      }
      lab::sys::exit_now(0);
    }
    lab::sys::close(fds[1]);
    read_ends.push_back(fds[0]);
    pids.push_back(pid);
  }
  for (int fd : read_ends) {
    MapRecord record{};
    while (read_all(fd, &record, sizeof record)) results[static_cast<std::size_t>(record.index)] = record.value;
    lab::sys::close(fd);
  }
  for (pid_t pid : pids) wait_for(pid);
  return results;
}

std::vector<long> map_in_threads(MapFunction f, const std::vector<long>& inputs, int workers) {
  std::vector<long> results(inputs.size());
  std::vector<std::thread> threads;
  for (int k = 0; k < workers; ++k) {
    threads.emplace_back([&, k] {
      for (std::size_t i = static_cast<std::size_t>(k); i < inputs.size(); i += static_cast<std::size_t>(workers)) results[i] = f(inputs[i]);
    });
  }
  for (std::thread& thread : threads) thread.join();
  return results;
}

TimeoutResult run_with_timeout(const std::vector<std::string>& command, std::chrono::milliseconds limit) {
  const auto argvs = argv_arrays({command});
  const auto deadline = std::chrono::steady_clock::now() + limit;
  TimeoutResult result;
  const pid_t pid = fork_retrying();
  if (pid < 0) return result;
  if (pid == 0) {
    lab::sys::setpgid(0, 0);
    exec_or_exit(argvs[0].data());
  }
  lab::sys::setpgid(pid, pid);  // also here: whichever of the two runs first, the group exists before kill
  for (;;) {
    int status = 0;
    const pid_t done = lab::sys::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      result.status = status;
      return result;
    }
    if (done < 0 && errno != EINTR) return result;
    if (std::chrono::steady_clock::now() >= deadline) break;
    timespec pause{0, 1'000'000};
    lab::sys::nanosleep(&pause, nullptr);
  }
  lab::sys::kill(-pid, SIGKILL);
  result.timed_out = true;
  result.status = wait_for(pid);
  return result;
}

}  // namespace lab
