// Runs student and oracle policies in the simulator and turns a differing trace into feedback.
#include "sched_check.hpp"

#include <harness/artifacts.hpp>
#include <harness/findings.hpp>

namespace scheduler_lab {
namespace {

using harness::sched::policy_name;

std::string join(const std::vector<lab::sched::Tick>& values) {
  std::string text;
  for (lab::sched::Tick v : values) text += (text.empty() ? "" : ",") + std::to_string(v);
  return text;
}

void attach_charts(const Case& c, const lab::sched::Schedule& yours, const lab::sched::Schedule& expected) {
  const std::string what = describe_policy(c);
  harness::attach_artifact("gantt-yours.svg", "image/svg+xml",
                           harness::gantt_svg(harness::sched::gantt_chart(c.jobs, yours, "yours: " + what)));
  harness::attach_artifact("gantt-expected.svg", "image/svg+xml",
                           harness::gantt_svg(harness::sched::gantt_chart(c.jobs, expected, "expected: " + what)));
}

}  // namespace

lab::sched::Schedule run_student(const Case& c) {
  auto policy = make_policy(c.kind, c.params);
  return lab::sched::simulate(c.jobs, *policy, c.seed);
}

lab::sched::Schedule run_oracle(const Case& c) {
  auto policy = make_oracle(c.kind, c.params);
  return lab::sched::simulate(c.jobs, *policy, c.seed);
}

std::string describe_policy(const Case& c) {
  const std::string name = policy_name(c.kind);
  switch (c.kind) {
    case PolicyKind::rr:
    case PolicyKind::lottery:
    case PolicyKind::stride: return name + " (quantum " + std::to_string(c.params.quantum) + ")";
    case PolicyKind::mlfq:
      return name + " (quanta " + join(c.params.mlfq_quanta) + ", allotments " + join(c.params.mlfq_allotments) +
             ", boost " + std::to_string(c.params.mlfq_boost) + ")";
    default: return name;
  }
}

std::string replay_command(const Case& c) {
  std::string command = std::string("./labs sched --policy ") + policy_name(c.kind);
  if (c.kind == PolicyKind::rr || c.kind == PolicyKind::lottery || c.kind == PolicyKind::stride) {
    command += " --quantum " + std::to_string(c.params.quantum);
  }
  if (c.kind == PolicyKind::mlfq) {
    command += " --quanta " + join(c.params.mlfq_quanta) + " --allotments " + join(c.params.mlfq_allotments) +
               " --boost " + std::to_string(c.params.mlfq_boost);
  }
  if (c.kind == PolicyKind::lottery) command += " --seed " + std::to_string(c.seed);
  return command + " --workload '" + harness::sched::workload_spec(c.jobs) + "' -c";
}

bool expect_schedule(const Case& c, const std::vector<std::string>& golden) {
  const lab::sched::Schedule yours = run_student(c);
  const lab::sched::Schedule reference = run_oracle(c);
  const std::vector<std::string> expected = golden.empty() ? harness::sched::trace_lines(reference) : golden;
  const std::vector<std::string> mine = harness::sched::trace_lines(yours);
  const std::string workload = harness::sched::workload_spec(c.jobs);
  if (!yours.error.empty()) {
    harness::fail_check(describe_policy(c) + " broke the policy contract on workload '" + workload + "': " +
                        yours.error + "\n" + harness::sched::workload_table(c.jobs) +
                        harness::sched::describe_difference(mine, expected) + "the expected schedule: " +
                        replay_command(c));
    attach_charts(c, yours, reference);
    return false;
  }
  const auto diff = harness::sched::first_difference(mine, expected);
  if (!diff) return true;
  const std::string at = *diff < mine.size() ? mine[*diff] : *diff < expected.size() ? expected[*diff] : "";
  harness::fail_check(describe_policy(c) + " on workload '" + workload + "': your trace differs from the expected one at \"" +
                      at + "\"\n" + harness::sched::workload_table(c.jobs) +
                      harness::sched::describe_difference(mine, expected) + "the expected schedule: " +
                      replay_command(c) + "\nGantt charts of both schedules: gantt-yours.svg, gantt-expected.svg");
  attach_charts(c, yours, reference);
  return false;
}

std::vector<long> ticks_run(const lab::sched::Schedule& schedule, std::size_t jobs, std::size_t ticks) {
  std::vector<long> ran(jobs, 0);
  for (std::size_t t = 0; t < ticks && t < schedule.running.size(); ++t) {
    if (schedule.running[t] != lab::sched::kNone) ++ran[static_cast<std::size_t>(schedule.running[t])];
  }
  return ran;
}

}  // namespace scheduler_lab
