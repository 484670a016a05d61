// Text and chart views of the scheduler lab's workloads and schedules, for test feedback and labs-sched.
#include "harness/sched_report.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace harness::sched {
namespace {

using lab::sched::EventKind;
using lab::sched::Job;
using lab::sched::JobId;
using lab::sched::Schedule;
using lab::sched::Tick;

constexpr PolicyKind kAll[] = {PolicyKind::fifo,     PolicyKind::stcf, PolicyKind::rr,    PolicyKind::priority,
                               PolicyKind::mlfq,     PolicyKind::lottery, PolicyKind::stride};

std::string line_of(const std::vector<std::string>& lines, std::size_t index) {
  return index < lines.size() ? lines[index] : "(end)";
}

// What each job does at each tick, from the events: 0 absent or done, 1 ready, 2 running, 3 I/O.
std::vector<std::vector<int>> job_states(std::size_t jobs, const Schedule& schedule) {
  const std::size_t end = schedule.running.size();
  std::vector<std::vector<int>> states(jobs, std::vector<int>(end, 0));
  std::vector<int> current(jobs, 0);
  std::size_t next_event = 0;
  for (std::size_t t = 0; t < end; ++t) {
    for (; next_event < schedule.events.size() && schedule.events[next_event].time <= static_cast<Tick>(t); ++next_event) {
      const auto& e = schedule.events[next_event];
      if (e.job == lab::sched::kNone) continue;
      int& state = current[static_cast<std::size_t>(e.job)];
      if (e.kind == EventKind::arrive || e.kind == EventKind::wake) state = 1;
      if (e.kind == EventKind::block) state = 3;
      if (e.kind == EventKind::exit) state = 0;
    }
    for (std::size_t job = 0; job < jobs; ++job) states[job][t] = current[job];
    if (schedule.running[t] != lab::sched::kNone) states[static_cast<std::size_t>(schedule.running[t])][t] = 2;
  }
  return states;
}

}  // namespace

const char* policy_name(PolicyKind kind) noexcept {
  switch (kind) {
    case PolicyKind::fifo: return "fifo";
    case PolicyKind::stcf: return "stcf";
    case PolicyKind::rr: return "rr";
    case PolicyKind::priority: return "priority";
    case PolicyKind::mlfq: return "mlfq";
    case PolicyKind::lottery: return "lottery";
    case PolicyKind::stride: return "stride";
  }
  return "?";
}

std::optional<PolicyKind> parse_policy(std::string_view name) noexcept {
  for (PolicyKind kind : kAll) {
    if (name == policy_name(kind)) return kind;
  }
  return std::nullopt;
}

std::vector<PolicyKind> all_policies() { return {std::begin(kAll), std::end(kAll)}; }

std::string workload_spec(const std::vector<Job>& jobs) {
  std::string spec;
  for (const Job& job : jobs) {
    if (!spec.empty()) spec += ' ';
    spec += std::to_string(job.arrival) + ':';
    for (std::size_t i = 0; i < job.bursts.size(); ++i) spec += (i ? "," : "") + std::to_string(job.bursts[i]);
    if (job.priority != 0) spec += ":p" + std::to_string(job.priority);
    if (job.tickets != 1) spec += ":t" + std::to_string(job.tickets);
  }
  return spec;
}

std::string workload_table(const std::vector<Job>& jobs) {
  std::ostringstream out;
  out << "  job  arrival  priority  tickets  bursts (cpu, io, cpu, ...)\n";
  for (const Job& job : jobs) {
    char head[64];
    std::snprintf(head, sizeof head, "  %-4s %7lld  %8d  %7d  ", lab::sched::job_name(job.id).c_str(),
                  static_cast<long long>(job.arrival), job.priority, job.tickets);
    out << head;
    for (std::size_t i = 0; i < job.bursts.size(); ++i) out << (i ? ", " : "") << job.bursts[i];
    out << '\n';
  }
  return out.str();
}

std::vector<std::string> trace_lines(const Schedule& schedule) {
  std::vector<std::string> lines;
  for (const auto& event : schedule.events) lines.push_back(lab::sched::format_event(event));
  return lines;
}

std::string trace_text(const Schedule& schedule) {
  std::string text;
  for (const auto& line : trace_lines(schedule)) text += line + '\n';
  return text;
}

std::string stats_table(const std::vector<Job>& jobs, const Schedule& schedule) {
  std::ostringstream out;
  out << "  job  response  turnaround  wait\n";
  double response = 0, turnaround = 0, wait = 0;
  for (const Job& job : jobs) {
    const auto& s = schedule.stats[static_cast<std::size_t>(job.id)];
    char line[96];
    std::snprintf(line, sizeof line, "  %-4s %8lld  %10lld  %4lld\n", lab::sched::job_name(job.id).c_str(),
                  static_cast<long long>(s.response(job)), static_cast<long long>(s.turnaround(job)),
                  static_cast<long long>(s.wait(job)));
    out << line;
    response += static_cast<double>(s.response(job));
    turnaround += static_cast<double>(s.turnaround(job));
    wait += static_cast<double>(s.wait(job));
  }
  const double n = jobs.empty() ? 1.0 : static_cast<double>(jobs.size());
  char line[96];
  std::snprintf(line, sizeof line, "  avg  %8.2f  %10.2f  %4.2f\n", response / n, turnaround / n, wait / n);
  out << line;
  return out.str();
}

std::optional<std::size_t> first_difference(const std::vector<std::string>& yours,
                                            const std::vector<std::string>& expected) {
  const std::size_t common = std::min(yours.size(), expected.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (yours[i] != expected[i]) return i;
  }
  if (yours.size() != expected.size()) return common;
  return std::nullopt;
}

std::string describe_difference(const std::vector<std::string>& yours, const std::vector<std::string>& expected,
                                std::size_t context) {
  const auto diff = first_difference(yours, expected);
  if (!diff) return "the traces are equal\n";
  const std::size_t at = *diff;
  std::ostringstream out;
  out << "first difference at event " << at + 1 << ": yours \"" << line_of(yours, at) << "\", expected \""
      << line_of(expected, at) << "\"\n";
  char header[96];
  std::snprintf(header, sizeof header, "   %-26s %s\n", "yours", "expected");
  out << header;
  const std::size_t from = at > context ? at - context : 0;
  for (std::size_t i = from; i <= at + 3 && (i < yours.size() || i < expected.size()); ++i) {
    char row[128];
    std::snprintf(row, sizeof row, "%s %-26s %s\n", i == at ? ">>" : "  ", line_of(yours, i).c_str(),
                  line_of(expected, i).c_str());
    out << row;
  }
  return out.str();
}

GanttChart gantt_chart(const std::vector<Job>& jobs, const Schedule& schedule, std::string title) {
  GanttChart chart;
  chart.title = std::move(title);
  chart.end = static_cast<std::int64_t>(schedule.running.size());
  for (const Job& job : jobs) chart.rows.push_back(lab::sched::job_name(job.id));
  const auto states = job_states(jobs.size(), schedule);
  for (std::size_t job = 0; job < jobs.size(); ++job) {
    const auto& row = states[job];
    for (std::size_t t = 0; t < row.size();) {
      std::size_t end = t;
      while (end < row.size() && row[end] == row[t]) ++end;
      if (row[t] != 0) {
        const auto kind = row[t] == 2 ? GanttSlice::Kind::run : row[t] == 3 ? GanttSlice::Kind::io : GanttSlice::Kind::ready;
        chart.slices.push_back({job, static_cast<std::int64_t>(t), static_cast<std::int64_t>(end), kind});
      }
      t = end;
    }
  }
  return chart;
}

}  // namespace harness::sched
