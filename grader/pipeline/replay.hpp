// Seeds and replay commands: every run has a seed, every failure prints the command that repeats it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace grader {

struct ConfigOutcome;

// The seed a test uses when none is given: stable per test id (the same on every machine), so that a
// student's run and the instructor's grading exercise the same schedules.
std::uint64_t default_seed(const std::string& test_id);

// Seed of run `k` (0-based) of `check --runs N`: base + k * 1000, so runs never overlap for R < 1000.
std::uint64_t run_seed(std::uint64_t base, int k);

struct ReplaySpec {
  std::string invoker = "./labs";  // LABS_COMMAND
  std::string lab;
  std::optional<std::string> submission;  // omitted: the default (exercises/)
  std::string test_id;
  std::string config;
  std::uint64_t seed = 0;
  int repeat = 1;
  std::optional<std::string> schedule = std::nullopt;  // a controlled failure: replay exactly this schedule instead
};

// "./labs check mutex --submission exercises --only spin_exclusion_2 --config tsan --seed 1234 --repeat 1",
// or with a schedule "./labs replay mutex mutex_no_lost_wakeup_controlled --schedule 1:3c --submission exercises"
std::string replay_command(const ReplaySpec& spec);

// How a command that repeats a failure is introduced: "replay" when it repeats it exactly (a controlled
// schedule), "re-run (may not reproduce)" when it runs a stress test again with the same seed.
const char* replay_label(bool exact);

// The command that repeats `outcome` (a run of `test_id` with `repetitions`) for a student with
// `invoker` and the default submission: a controlled test's schedule when the outcome has one (its own
// or a covering test's), else the stress re-run.
ReplaySpec student_replay_spec(const std::string& invoker, const std::string& lab, const std::string& test_id,
                               int repetitions, const ConfigOutcome& outcome);

// How the user invokes the grader: $LABS_COMMAND, else "labs-grader".
std::string invoker_from_environment();

}  // namespace grader
