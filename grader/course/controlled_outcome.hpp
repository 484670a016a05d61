// What a controlled-mode run reported (the results file's "controlled" object): model, JSON, checks.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace grader {

// One test's schedule search (docs/controlled.md). Without a failure only strategy and schedules_run
// are set; with one, `schedule` replays it exactly and `trace` tells it one column per thread.
struct ControlledRun {
  std::string strategy;      // "pct", "random", "bounded"
  long schedules_run = 0;
  std::string schedule;      // "1:1b2c"; empty when no failing schedule was found
  std::string failure_kind;  // "deadlock", "livelock", "check", ...
  int preemptions = 0;
  long steps = 0;
  std::string trace;         // pre-formatted, one column per thread

  bool failed() const { return !schedule.empty(); }
};

// True for a well-formed schedule string: "1:" then (decimal step delta, thread letter)*. Bounded in
// length: it comes from a process the grader does not trust and ends up in a command line.
bool valid_schedule(const std::string& schedule);

// Reads the harness's "controlled" object; nullopt when it is absent or not an object. A schedule that
// is not valid_schedule is dropped (with its trace), and the trace is capped.
std::optional<ControlledRun> controlled_from_json(const nlohmann::json& j);

// The same fields as the harness writes them (the grader's results.json round-trips through this).
nlohmann::json controlled_to_json(const ControlledRun& run);

// "Found by the controlled scheduler (bounded, 4 schedules): 1 preemption, 10 steps, deadlock."
std::string controlled_summary(const ControlledRun& run);

}  // namespace grader
