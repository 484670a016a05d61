// Fills process_lab::ProcessApi with a submission's functions of process.hpp.
//
// The only file of the lab compiled together with the student's process.hpp (found through -I<staged lab
// dir>); the graded tests are compiled once per configuration and call the student only through this table.
#include "process.hpp"

#include "process_api.hpp"

namespace process_lab {
namespace {

PipelineOutcome run_pipeline(const std::vector<std::vector<std::string>>& stages, int in_fd, int out_fd) {
  const lab::PipelineStatus status = lab::run_pipeline(stages, in_fd, out_fd);
  return {status.stages, status.last, status.pipefail, status.error};
}

TimeoutOutcome run_with_timeout(const std::vector<std::string>& command, std::chrono::milliseconds limit) {
  const lab::TimeoutResult result = lab::run_with_timeout(command, limit);
  return {result.timed_out, result.status};
}

}  // namespace

const ProcessApi& process_api() {
  static constexpr ProcessApi api{&lab::exit_code, &run_pipeline, &lab::map_in_processes, &lab::map_in_threads, &run_with_timeout};
  return api;
}

}  // namespace process_lab
