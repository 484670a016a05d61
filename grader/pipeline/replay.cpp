// Default seeds and replay command lines.
#include "replay.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "ninja_file.hpp"
#include "paths.hpp"
#include "results.hpp"

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

const char* replay_label(bool exact) { return exact ? "replay" : "re-run (may not reproduce)"; }

ReplaySpec student_replay_spec(const std::string& invoker, const std::string& lab, const std::string& test_id,
                               int repetitions, const ConfigOutcome& o) {
  if (!o.failing_schedule() && o.covering_replay) {
    return {invoker, lab, std::nullopt, o.covering_replay->test_id, "controlled", o.covering_replay->seed, 1,
            o.covering_replay->schedule};
  }
  return {invoker, lab, std::nullopt, test_id, o.config, o.seed, repetitions, o.failing_schedule()};
}

std::string invoker_from_environment() {
  const char* value = std::getenv("LABS_COMMAND");
  return value && *value ? value : "labs-grader";
}

}  // namespace grader
