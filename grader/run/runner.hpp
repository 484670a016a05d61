// Runs one child process in its own process group with a wall-clock limit and capped captured output.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sandbox.hpp"

namespace grader {

struct RunRequest {
  std::filesystem::path program;
  std::vector<std::string> args;
  std::filesystem::path cwd;                  // must exist
  std::map<std::string, std::string> env;     // the child's complete environment
  std::chrono::milliseconds timeout{60000};   // wall clock; then the whole process group is killed
  std::size_t output_cap = 64 * 1024;         // bytes of stdout+stderr kept (head and tail halves)
  std::filesystem::path output_file;          // if set, the kept output is also written here
  // Confines the child: rlimits, a per-run cgroup (or a /proc watch) and, with isolation->sandbox and
  // bubblewrap installed, the sandbox (sandbox.hpp). Unset: a plain child in its own process group.
  std::optional<Isolation> isolation;
  // When set: the file whose appearance means the program's verdict is final (the harness's results file,
  // written once, by rename). From then on the program has `exit_grace` to end; after that its group is
  // killed and the outcome says `hung_after_finish`
  // (nothing is learned by waiting for the time limit). The grace is stretched by the machine's load, at
  // most 5 times (runner.cpp's Deadline), so a correct program that exits slowly on a busy grader passes.
  std::filesystem::path finished_file;
  std::chrono::milliseconds exit_grace{2000};
  // When set, the child finds these bytes on descriptor kSecretFd (a pipe it may read to its end) and the
  // number in its environment as LAB_SEAL_FD: how a test process learns its run's completion secret.
  std::string secret;
};

// The descriptor number the secret arrives on (above what a test opens; below RLIMIT_NOFILE 256).
inline constexpr int kSecretFd = 199;

struct RunOutcome {
  bool started = false;
  std::string start_error;  // why the program could not be started
  bool timed_out = false;   // the grader killed it at the time limit
  bool hung_after_finish = false;  // killed `exit_grace` after `finished_file` appeared (not a timeout)
  std::chrono::milliseconds grace_used{0};  // the grace it had: exit_grace stretched by the machine's load
  int exit_code = -1;       // exit status when it exited normally, else -1
  int signal = 0;           // terminating signal when killed by one, else 0
  double seconds = 0;       // wall-clock duration
  std::string output;       // kept stdout+stderr (a marker line replaces what the cap dropped)
  std::size_t output_bytes = 0;  // everything the process wrote
  std::string limit_reason;  // the grader killed it over a resource limit: "used more than 1024 MB of memory ..."
  std::string isolation;     // how it ran: "sandbox, cgroup", "not isolated, /proc watch", ... (empty: plain)

  bool exited_ok() const { return started && !timed_out && exit_code == 0; }
};

// Starts `request.program` with stdin from /dev/null and stdout+stderr into one pipe, waits up to
// the timeout, then kills the process group. Also kills whatever the child left behind in its
// group when it exits. With an isolation, also kills every process left in its cgroup, PID namespace or
// (fallback) the process tree seen while it ran. Never throws for problems of the child; they are in
// the outcome.
// Thread-safe: may be called from several threads at once.
RunOutcome run_process(const RunRequest& request);

// PATH, HOME and LANG from the grader's environment: a small, reproducible base for test processes.
std::map<std::string, std::string> base_environment();

// The grader's whole environment (for ninja and the compiler).
std::map<std::string, std::string> inherited_environment();

// "SIGSEGV" for 11, "signal 42" for unknown numbers.
std::string signal_name(int signal);

}  // namespace grader
