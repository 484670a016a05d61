// Shared by the scheduler lab's tests and the labs-sched tool: policy names, traces as text, Gantt charts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/gantt_svg.hpp"
#include "lab/sched.hpp"

namespace harness::sched {

enum class PolicyKind { fifo, stcf, rr, priority, mlfq, lottery, stride };

const char* policy_name(PolicyKind kind) noexcept;
std::optional<PolicyKind> parse_policy(std::string_view name) noexcept;
std::vector<PolicyKind> all_policies();

// The workload in the --workload syntax of lab::sched::parse_workload ("0:5,2,3:p1:t50 ...").
std::string workload_spec(const std::vector<lab::sched::Job>& jobs);

// A table of the jobs: arrival, bursts, priority, tickets.
std::string workload_table(const std::vector<lab::sched::Job>& jobs);

// The trace, one event per line ("   4  dispatch B").
std::vector<std::string> trace_lines(const lab::sched::Schedule& schedule);
std::string trace_text(const lab::sched::Schedule& schedule);

// Per-job response, turnaround and wait, and their averages.
std::string stats_table(const std::vector<lab::sched::Job>& jobs, const lab::sched::Schedule& schedule);

// Index of the first line where two traces differ (the shorter length when one is a prefix of the
// other), or nullopt when they are equal.
std::optional<std::size_t> first_difference(const std::vector<std::string>& yours,
                                            const std::vector<std::string>& expected);

// The first difference in one line, then the two traces side by side around it (`context` lines before).
std::string describe_difference(const std::vector<std::string>& yours, const std::vector<std::string>& expected,
                                std::size_t context = 12);

// The schedule as a chart: a row per job; running, I/O and ready-but-waiting slices.
harness::GanttChart gantt_chart(const std::vector<lab::sched::Job>& jobs, const lab::sched::Schedule& schedule,
                                std::string title);

}  // namespace harness::sched
