// The controlled-mode result: reading it from untrusted JSON, writing it back, one-line summary.
#include "controlled_outcome.hpp"

#include <fmt/format.h>

#include <regex>

namespace grader {

namespace {

using nlohmann::json;

// A trace shows at most 300 steps (docs/controlled.md); anything far longer is not the harness's.
constexpr std::size_t kMaxTrace = 256 * 1024;
constexpr std::size_t kMaxSchedule = 4096;

std::string text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long number(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<long>() : 0;
}

}  // namespace

bool valid_schedule(const std::string& schedule) {
  static const std::regex kSchedule("1:([0-9]{1,9}[a-zA-Z])*");
  return schedule.size() <= kMaxSchedule && std::regex_match(schedule, kSchedule);
}

std::optional<ControlledRun> controlled_from_json(const json& j) {
  if (!j.is_object()) return std::nullopt;
  ControlledRun run;
  run.strategy = text(j, "strategy");
  run.schedules_run = number(j, "schedules_run");
  run.schedule = text(j, "schedule");
  if (!valid_schedule(run.schedule)) run.schedule.clear();
  if (run.failed()) {
    run.failure_kind = text(j, "failure_kind");
    run.preemptions = static_cast<int>(number(j, "preemptions"));
    run.steps = number(j, "steps");
  }
  // A replayed schedule that passes has a trace too (`labs replay` shows it).
  run.trace = text(j, "trace");
  if (run.trace.size() > kMaxTrace) run.trace = run.trace.substr(0, kMaxTrace) + "\n[trace cut]\n";
  return run;
}

json controlled_to_json(const ControlledRun& run) {
  json j = {{"strategy", run.strategy}, {"schedules_run", run.schedules_run}};
  if (run.failed()) {
    j["schedule"] = run.schedule;
    j["failure_kind"] = run.failure_kind;
    j["preemptions"] = run.preemptions;
    j["steps"] = run.steps;
  }
  if (!run.trace.empty()) j["trace"] = run.trace;
  return j;
}

std::string controlled_summary(const ControlledRun& run) {
  return fmt::format("Found by the controlled scheduler ({}, {} schedule{}): {} preemption{}, {} steps, {}.",
                     run.strategy, run.schedules_run, run.schedules_run == 1 ? "" : "s", run.preemptions,
                     run.preemptions == 1 ? "" : "s", run.steps, run.failure_kind);
}

}  // namespace grader
