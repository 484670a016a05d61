// The processes lab: a shell's pipeline, a map over worker processes or threads, a command with a time limit.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace lab {

// What run_pipeline reports, as a shell would.
struct PipelineStatus {
  std::vector<int> stages;  // each stage's wait status as lab::sys::waitpid reported it, in pipeline order
  int last = 0;             // the shell's $?: exit_code() of the last stage
  int pipefail = 0;         // bash's `set -o pipefail`: the rightmost nonzero exit_code() of any stage, else 0
  int error = 0;            // 0, or the errno of a pipe or fork that failed for good (then `stages` is empty
                            // and no process of the pipeline is left)
};

// A wait status as a shell shows it: the exit status, or 128 + the signal that killed the process.
int exit_code(int wait_status);

// Runs stages[0] | stages[1] | ... | stages[n-1] the way a shell does: every stage at once, each in its own
// child process joined to the next by a pipe. The first stage reads `in_fd`, the last writes `out_fd`
// (both belong to the caller, who closes them); every stage writes its errors to the caller's fd 2. A
// stage whose program cannot be started exits with status 127. Returns when every stage has ended and
// been waited for. Each stage is {program, arguments...}; stages is not empty.
PipelineStatus run_pipeline(const std::vector<std::vector<std::string>>& stages, int in_fd, int out_fd);

// f(inputs[i]) for every i, in order, computed by `workers` child processes running at the same time
// (worker k takes the inputs i with i % workers == k); results come back through pipes. f must run only
// in the workers, never in the caller. 1 <= workers.
using MapFunction = long (*)(long);
std::vector<long> map_in_processes(MapFunction f, const std::vector<long>& inputs, int workers);

// The same with `workers` threads of this process.
std::vector<long> map_in_threads(MapFunction f, const std::vector<long>& inputs, int workers);

// What run_with_timeout reports.
struct TimeoutResult {
  bool timed_out = false;  // the command ran longer than the limit and was killed with its process group
  int status = 0;          // its wait status (SIGKILL when timed out)
};

// Runs `command` ({program, arguments...}) in a new process group; if it has not ended after `limit`,
// kills the whole group (the command and every process it started) with SIGKILL. Returns once the
// command has been waited for.
TimeoutResult run_with_timeout(const std::vector<std::string>& command, std::chrono::milliseconds limit);

}  // namespace lab
