// A type-erased view of the student's process.hpp, so the processes lab's tests compile once per configuration.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace process_lab {

// run_pipeline's answer, copied out of the student's lab::PipelineStatus.
struct PipelineOutcome {
  std::vector<int> stages;
  int last = 0;
  int pipefail = 0;
  int error = 0;
};

struct TimeoutOutcome {
  bool timed_out = false;
  int status = 0;
};

using MapFunction = long (*)(long);

// The student's functions. Implemented by adapter.cpp, the only file of the lab compiled together with a
// submission's process.hpp; every graded test reaches the student's code through it.
struct ProcessApi {
  int (*exit_code)(int wait_status);
  PipelineOutcome (*run_pipeline)(const std::vector<std::vector<std::string>>& stages, int in_fd, int out_fd);
  std::vector<long> (*map_in_processes)(MapFunction f, const std::vector<long>& inputs, int workers);
  std::vector<long> (*map_in_threads)(MapFunction f, const std::vector<long>& inputs, int workers);
  TimeoutOutcome (*run_with_timeout)(const std::vector<std::string>& command, std::chrono::milliseconds limit);
};

const ProcessApi& process_api();

}  // namespace process_lab
