// Default seeds and replay command lines.
#include "replay.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "ninja_file.hpp"
#include "paths.hpp"

namespace grader {

std::uint64_t default_seed(const std::string& test_id) {
  // Short enough to type, large enough that tests differ; multiples of 1000 are left to --runs.
  return stable_hash(test_id) % 900000 + 100000;
}

std::uint64_t run_seed(std::uint64_t base, int k) { return base + static_cast<std::uint64_t>(k) * 1000; }

std::string replay_command(const ReplaySpec& spec) {
  if (spec.schedule) {
    std::string cmd = fmt::format("{} replay {} {} --schedule {}", spec.invoker, shell_quote(spec.lab),
                                  shell_quote(spec.test_id), shell_quote(*spec.schedule));
    if (spec.submission) cmd += " --submission " + shell_quote(*spec.submission);
    return cmd;
  }
  std::string cmd = fmt::format("{} check {}", spec.invoker, shell_quote(spec.lab));
  if (spec.submission) cmd += " --submission " + shell_quote(*spec.submission);
  cmd += fmt::format(" --only {} --config {} --seed {} --repeat {}", shell_quote(spec.test_id), shell_quote(spec.config),
                     spec.seed, spec.repeat);
  return cmd;
}

std::string invoker_from_environment() {
  const char* value = std::getenv("LABS_COMMAND");
  return value && *value ? value : "labs-grader";
}

}  // namespace grader
