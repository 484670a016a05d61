// The gil lab's workloads and the table each test prints of its runs.
#include "scenarios.hpp"

#include <cstdio>

#include "beazley_table.hpp"

namespace gil_lab {

// The settings that differ from the defaults, for the title: ", interval 2 ms, spurious wake-ups".
std::string settings_suffix(const Settings& settings) {
  const Settings defaults;
  std::string suffix;
  if (settings.switch_interval != defaults.switch_interval)
    suffix += ", interval " + std::to_string(settings.switch_interval / kMs) + " ms";
  if (settings.check_interval != defaults.check_interval) suffix += ", check interval " + std::to_string(settings.check_interval);
  if (settings.spurious_wakeups) suffix += ", spurious wake-ups";
  return suffix;
}

Scenario scenario(GilKind kind, std::string title, std::vector<ThreadPlan> threads, Settings settings) {
  Scenario s{std::move(title) + settings_suffix(settings), kind, {}, std::move(threads)};
  s.config.switch_interval = std::chrono::microseconds(settings.switch_interval / kUs);
  s.config.check_interval = settings.check_interval;
  s.config.spurious_wakeups = settings.spurious_wakeups;
  return s;
}

Scenario two_cpu_bound(GilKind kind, Settings settings) {
  return scenario(kind, "2 CPU-bound", {cpu_bound("cpu-0", 40000), cpu_bound("cpu-1", 40000)}, settings);
}

Scenario cpu_and_io(GilKind kind, Settings settings) {
  return scenario(kind, "1 CPU-bound + 1 I/O-bound", {cpu_bound("cpu-0", 40000), io_bound("io", 20)}, settings);
}

Scenario four_cpu_bound(GilKind kind, Settings settings) {
  return scenario(kind, "4 CPU-bound",
                  {cpu_bound("cpu-0", 40000), cpu_bound("cpu-1", 40000), cpu_bound("cpu-2", 40000), cpu_bound("cpu-3", 40000)},
                  settings);
}

Scenario four_exiting(GilKind kind, Settings settings) {
  return scenario(kind, "4 CPU-bound, ending one by one",
                  {cpu_bound("cpu-0", 3000), cpu_bound("cpu-1", 6000), cpu_bound("cpu-2", 9000), cpu_bound("cpu-3", 12000)},
                  settings);
}

std::vector<RunTrace> run_all(const std::vector<Scenario>& scenarios) {
  std::vector<RunTrace> runs;
  for (const Scenario& s : scenarios) runs.push_back(run_scenario(s));
  std::vector<const RunTrace*> rows;
  for (const RunTrace& run : runs) rows.push_back(&run);
  std::printf("%s", beazley_table(rows).c_str());
  return runs;
}

}  // namespace gil_lab
