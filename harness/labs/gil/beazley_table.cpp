// Beazley's table: what his talk measured on real threads, here in the virtual time of each run.
#include "beazley_table.hpp"

#include <algorithm>
#include <cstdio>

namespace gil_lab {
namespace {

double to_ms(vtime t) { return static_cast<double>(t) / kMs; }

// Each CPU-bound thread's share of the steps run until the first thread finished ("52/48").
std::string shares(const RunTrace& run) {
  long total = 0;
  for (int s : run.steps_before_first_exit) total += s;
  std::string text;
  for (std::size_t i = 0; i < run.steps_before_first_exit.size(); ++i) {
    if (run.scenario.threads[i].io_bound()) continue;
    const long pct = total > 0 ? (100L * run.steps_before_first_exit[i] + total / 2) / total : 0;
    text += (text.empty() ? "" : "/") + std::to_string(pct);
  }
  return text + "%";
}

int switches(const RunTrace& run) {
  int count = 0;
  for (std::size_t i = 1; i < run.takes.size(); ++i) count += run.takes[i].thread != run.takes[i - 1].thread;
  return count;
}

// "mean/max" of the given durations in ms, "-" when there are none.
std::string mean_max(const std::vector<vtime>& values) {
  if (values.empty()) return "-";
  vtime sum = 0;
  for (vtime v : values) sum += v;
  char text[48];
  std::snprintf(text, sizeof text, "%.2f/%.2f", to_ms(sum / static_cast<vtime>(values.size())),
                to_ms(*std::max_element(values.begin(), values.end())));
  return text;
}

std::string row(const RunTrace& run) {
  vtime sequential = 0;
  for (const ThreadPlan& plan : run.scenario.threads)
    sequential += (plan.steps + plan.ios * plan.work_steps) * harness::gil::kStepCost + plan.ios * plan.io_time;
  std::vector<vtime> waits, responses;
  for (const Take& take : run.takes)
    if (take.returned - take.called > 10 * harness::gil::kCallCost) waits.push_back(take.returned - take.called);
  for (const Response& r : run.responses) responses.push_back(r.got - r.ready);
  char line[256];
  std::snprintf(line, sizeof line, "%-46s %-4s %9.1f %9.1f  %-12s %8d  %-13s %-13s\n", run.scenario.title.c_str(),
                run.scenario.kind == GilKind::old_gil ? "old" : "new", to_ms(run.end), to_ms(sequential), shares(run).c_str(),
                switches(run), mean_max(waits).c_str(), mean_max(responses).c_str());
  return line;
}

}  // namespace

std::string beazley_table(const std::vector<const RunTrace*>& runs) {
  char header[256];
  std::snprintf(header, sizeof header, "%-46s %-4s %9s %9s  %-12s %8s  %-13s %-13s\n", "scenario", "GIL", "time", "sequential",
                "CPU shares", "switches", "wait mean/max", "I/O response");
  std::string table = header;
  for (const RunTrace* run : runs) table += row(*run);
  return table +
         "(virtual ms; shares: each CPU-bound thread's steps until the first thread finished; wait: take() calls that "
         "waited; I/O response: from I/O completion to holding the GIL again)\n";
}

}  // namespace gil_lab
