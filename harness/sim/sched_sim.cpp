// The scheduler lab's discrete-time simulator of one CPU: feeds a policy the events and records its choices.
#include <algorithm>
#include <cstdio>

#include "lab/sched.hpp"

namespace lab::sched {
namespace {

// Where a job is in its life; `left` is what remains of its current burst (CPU or I/O).
struct JobState {
  enum class Phase { not_arrived, ready, blocked, done } phase = Phase::not_arrived;
  std::size_t burst = 0;
  Tick left = 0;
};

class Simulation {
 public:
  Simulation(const std::vector<Job>& jobs, Policy& policy) : jobs_(jobs), policy_(policy), state_(jobs.size()) {
    schedule_.stats.resize(jobs.size());
  }

  Schedule run() {
    try {
      for (Tick now = 0; unfinished() > 0; ++now) step(now);
    } catch (const PolicyError& error) {
      schedule_.error = error.what();
    }
    return std::move(schedule_);
  }

 private:
  std::size_t unfinished() const {
    return static_cast<std::size_t>(std::count_if(state_.begin(), state_.end(), [](const JobState& s) {
      return s.phase != JobState::Phase::done;
    }));
  }

  void record(Tick now, EventKind kind, JobId job) { schedule_.events.push_back({now, kind, job}); }

  // Steps 1-3 of a tick (lab/sched.hpp), then the policy's choice for [now, now+1).
  void step(Tick now) {
    if (running_ != kNone) finish_tick(now);
    for (const Job& job : jobs_) {
      JobState& s = state_[static_cast<std::size_t>(job.id)];
      if (s.phase == JobState::Phase::blocked && s.left == 0) wake(job, now);
    }
    for (const Job& job : jobs_) {
      if (job.arrival == now) arrive(job, now);
    }
    if (unfinished() == 0) return;
    choose(now);
    advance_io();
  }

  void finish_tick(Tick now) {
    const JobId job = running_;
    JobState& s = state_[static_cast<std::size_t>(job)];
    --s.left;
    policy_.on_tick(job, now);
    if (s.left > 0) return;
    running_ = kNone;
    const std::vector<Tick>& bursts = jobs_[static_cast<std::size_t>(job)].bursts;
    if (s.burst + 1 >= bursts.size()) {
      s.phase = JobState::Phase::done;
      schedule_.stats[static_cast<std::size_t>(job)].finish = now;
      record(now, EventKind::exit, job);
      policy_.on_exit(job, now);
      return;
    }
    s.phase = JobState::Phase::blocked;
    s.left = bursts[++s.burst];
    record(now, EventKind::block, job);
    policy_.on_block(job, now);
  }

  void wake(const Job& job, Tick now) {
    JobState& s = state_[static_cast<std::size_t>(job.id)];
    s.phase = JobState::Phase::ready;
    s.left = job.bursts[++s.burst];
    record(now, EventKind::wake, job.id);
    policy_.on_wake(job.id, now);
  }

  void arrive(const Job& job, Tick now) {
    JobState& s = state_[static_cast<std::size_t>(job.id)];
    s.phase = JobState::Phase::ready;
    s.left = job.bursts.front();
    record(now, EventKind::arrive, job.id);
    policy_.on_arrive(job, now);
  }

  std::string ready_list() const {
    std::string names;
    for (std::size_t i = 0; i < state_.size(); ++i) {
      if (state_[i].phase == JobState::Phase::ready) names += (names.empty() ? "" : " ") + job_name(static_cast<JobId>(i));
    }
    return names;
  }

  void choose(Tick now) {
    const JobId pick = policy_.pick_next(now);
    const std::string ready = ready_list();
    if (pick == kNone && !ready.empty()) {
      throw PolicyError("at t=" + std::to_string(now) + " pick_next returned kNone although " + ready +
                        " ready (a scheduler never idles while a job is ready)");
    }
    if (pick != kNone && (pick < 0 || static_cast<std::size_t>(pick) >= jobs_.size() ||
                          state_[static_cast<std::size_t>(pick)].phase != JobState::Phase::ready)) {
      throw PolicyError("at t=" + std::to_string(now) + " pick_next returned job " + std::to_string(pick) +
                        ", which is not ready (ready: " + (ready.empty() ? "none" : ready) + ")");
    }
    if (pick != previous_) {
      if (previous_ != kNone && running_ == previous_) record(now, EventKind::preempt, previous_);
      record(now, pick == kNone ? EventKind::idle : EventKind::dispatch, pick);
    }
    if (pick != kNone) {
      JobStats& stats = schedule_.stats[static_cast<std::size_t>(pick)];
      if (stats.first_run < 0) stats.first_run = now;
    }
    running_ = pick;
    previous_ = pick;
    schedule_.running.push_back(pick);
  }

  // I/O proceeds during [now, now+1) for every blocked job.
  void advance_io() {
    for (JobState& s : state_) {
      if (s.phase == JobState::Phase::blocked) --s.left;
    }
  }

  const std::vector<Job>& jobs_;
  Policy& policy_;
  std::vector<JobState> state_;
  Schedule schedule_;
  JobId running_ = kNone;   // the job running now (kNone after it blocked or exited)
  JobId previous_ = kNone;  // the last pick, so that a switch is recorded once
};

}  // namespace

Tick Job::cpu_total() const {
  Tick sum = 0;
  for (std::size_t i = 0; i < bursts.size(); i += 2) sum += bursts[i];
  return sum;
}

Tick Job::io_total() const {
  Tick sum = 0;
  for (std::size_t i = 1; i < bursts.size(); i += 2) sum += bursts[i];
  return sum;
}

const char* event_name(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::arrive: return "arrive";
    case EventKind::wake: return "wake";
    case EventKind::block: return "block";
    case EventKind::exit: return "exit";
    case EventKind::dispatch: return "dispatch";
    case EventKind::preempt: return "preempt";
    case EventKind::idle: return "idle";
  }
  return "?";
}

std::string format_event(const Event& event) {
  char line[64];
  std::snprintf(line, sizeof line, "%4lld  %-8s %s", static_cast<long long>(event.time), event_name(event.kind),
                event.job == kNone ? "-" : job_name(event.job).c_str());
  return line;
}

Schedule simulate(const std::vector<Job>& jobs, Policy& policy, std::uint64_t seed) {
  reset_random(seed);
  return Simulation(jobs, policy).run();
}

}  // namespace lab::sched
