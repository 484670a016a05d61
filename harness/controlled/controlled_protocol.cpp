// The child-to-parent protocol of the controlled scheduler: one schedule's outcome as one JSON document.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "controlled_runtime.hpp"

namespace harness::controlled {
namespace {

using nlohmann::json;

json trace_json(const std::vector<TraceStep>& trace) {
  json steps = json::array();
  for (const TraceStep& t : trace) {
    steps.push_back({t.step, t.thread, static_cast<int>(t.kind), t.file, t.line, t.address, t.value, t.has_result,
                     t.before, t.after, t.expected, t.ok, static_cast<int>(t.note), t.preempted, t.pc});
  }
  return steps;
}

TraceStep trace_step(const json& j) {
  TraceStep t;
  t.step = j[0];
  t.thread = j[1];
  t.kind = static_cast<lab::detail::OpKind>(j[2].get<int>());
  t.file = j[3];
  t.line = j[4];
  t.address = j[5];
  t.value = j[6];
  t.has_result = j[7];
  t.before = j[8];
  t.after = j[9];
  t.expected = j[10];
  t.ok = j[11];
  t.note = static_cast<Note>(j[12].get<int>());
  t.preempted = j[13];
  t.pc = j[14];
  return t;
}

}  // namespace

std::string outcome_to_text(const RunOutcome& o) {
  json j = {{"failed", o.failed}, {"diverged", o.diverged}, {"kind", o.kind}, {"steps", o.steps},
            {"preemptions", o.preemptions}, {"threads", o.thread_names}};
  j["findings"] = json::array();
  for (const Finding& f : o.findings) j["findings"].push_back({f.kind, f.message, f.file, f.line});
  j["deviations"] = json::array();
  for (const Deviation& d : o.deviations) j["deviations"].push_back({d.step, d.thread});
  j["decisions"] = json::array();
  for (const Decision& d : o.decisions) j["decisions"].push_back({d.ready, d.blocked, d.fallback});
  j["trace"] = trace_json(o.trace);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool outcome_from_text(const std::string& text, RunOutcome& o) {
  try {
    const json j = json::parse(text);
    o.failed = j.at("failed");
    o.diverged = j.at("diverged");
    o.kind = j.at("kind");
    o.steps = j.at("steps");
    o.preemptions = j.at("preemptions");
    o.thread_names = j.at("threads").get<std::vector<std::string>>();
    for (const json& f : j.at("findings")) o.findings.push_back({f[0], f[1], f[2], f[3]});
    for (const json& d : j.at("deviations")) o.deviations.push_back({d[0], d[1]});
    long step = 0;
    for (const json& d : j.at("decisions")) {
      Decision decision;
      decision.step = step++;
      decision.ready = d[0];
      decision.blocked = d[1];
      decision.fallback = d[2];
      o.decisions.push_back(decision);
    }
    for (const json& t : j.at("trace")) o.trace.push_back(trace_step(t));
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

void deliver_and_exit(int fd, const RunOutcome& outcome) {
  const std::string text = outcome_to_text(outcome);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
    if (wrote <= 0) break;
    done += static_cast<std::size_t>(wrote);
  }
  // _exit: the other threads may sleep forever in the scheduler; nothing of this child must run on.
  ::_exit(0);
}

}  // namespace harness::controlled
