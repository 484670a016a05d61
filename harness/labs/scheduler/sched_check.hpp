// The scheduler lab's checks: run a policy and the oracle on a workload, and explain the first difference.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policy_api.hpp"

namespace scheduler_lab {

// One workload under one policy: what a test runs.
struct Case {
  PolicyKind kind = PolicyKind::fifo;
  lab::sched::Params params;
  std::vector<lab::sched::Job> jobs;
  std::uint64_t seed = 1;  // lottery's random() sequence
};

// The student's schedule of `c` (simulate() with make_policy).
lab::sched::Schedule run_student(const Case& c);
// The oracle's schedule of `c`.
lab::sched::Schedule run_oracle(const Case& c);

// Fails the test (a finding naming the policy, the workload, the first differing event, the two traces
// side by side and the command that shows the expected schedule) when the student's trace differs from
// `expected` (the oracle's when empty); attaches Gantt charts of both schedules. True when equal.
bool expect_schedule(const Case& c, const std::vector<std::string>& expected = {});

// The `./labs sched` command that prints the expected schedule of `c`.
std::string replay_command(const Case& c);

// "rr (quantum 2)", "mlfq (quanta 1,2,4, allotments 2,4,8, boost 20)".
std::string describe_policy(const Case& c);

// How many ticks each job ran in the first `ticks` ticks of a schedule, by job id.
std::vector<long> ticks_run(const lab::sched::Schedule& schedule, std::size_t jobs, std::size_t ticks);

}  // namespace scheduler_lab
