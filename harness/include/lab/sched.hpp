// The scheduler lab's simulated CPU: jobs, the policy interface students implement, and the simulator.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "lab/source_location.hpp"
#include "lab/usage.hpp"

namespace lab::sched {

using Tick = std::int64_t;
using JobId = int;

// pick_next's answer when no job is ready (the CPU idles for one tick).
constexpr JobId kNone = -1;

// Stride scheduling: a job's stride is kStrideBig / tickets, and passes are 32-bit on purpose, so they
// wrap around in long runs. Compare passes with pass_before(), never with <.
constexpr std::uint32_t kStrideBig = 1u << 24;
using Pass = std::uint32_t;

// True when pass `a` comes before pass `b` on the wrapping 32-bit circle (like TCP sequence numbers):
// correct as long as the two differ by less than 2^31, which the lab's workloads guarantee.
constexpr bool pass_before(Pass a, Pass b) noexcept { return static_cast<std::int32_t>(a - b) < 0; }
// Passes of any other type are a lab::usage_error at the caller's line, in every build: a signed pass
// overflows when it wraps, which is undefined behaviour, and a wider one wraps elsewhere than the
// handout's. Reported once per process; the values are passed on, so the schedule stays what it would be.
template <class A, class B>
bool pass_before(A a, B b, lab::source_location where = lab::source_location::current()) noexcept {
  static bool reported = false;  // the simulator is single-threaded
  if (!reported) {
    reported = true;
    lab::usage_error("lab::sched::pass_before needs two lab::sched::Pass values (std::uint32_t): keep every pass "
                     "and stride in lab::sched::Pass; a signed pass overflows when it wraps (undefined behaviour)",
                     where);
  }
  return pass_before(static_cast<Pass>(a), static_cast<Pass>(b));
}

// One job of a workload. `bursts` alternate CPU and I/O and start and end with CPU: {3, 2, 4} is
// "3 ticks of CPU, 2 ticks of I/O, 4 ticks of CPU". Ids are 0, 1, 2 ... in workload order (shown A, B, C).
struct Job {
  JobId id = 0;
  Tick arrival = 0;
  std::vector<Tick> bursts;
  int priority = 0;  // preemptive priority: 0 is the most urgent
  int tickets = 1;   // lottery and stride: > 0

  Tick cpu_total() const;
  Tick io_total() const;
};

// The letter(s) a job is shown with: 0 -> "A", 25 -> "Z", 26 -> "J26".
std::string job_name(JobId id);

// A scheduling policy. The simulator calls it at every tick `now`, in this order (see the handout):
//   1. on_tick(running) for the job that ran during [now-1, now), then on_block or on_exit for that job
//      if its CPU burst ended at `now`;
//   2. on_wake for every job whose I/O ended at `now`, by increasing id;
//   3. on_arrive for every job arriving at `now`, by increasing id;
//   4. pick_next(now): the job that runs during [now, now+1).
// pick_next must return a ready job (one that arrived or woke and has not blocked or exited since; the
// job that ran the last tick is still ready unless it blocked or exited), or kNone only when no job is
// ready. Anything else ends the simulation with a PolicyError.
class Policy {
 public:
  virtual ~Policy() = default;
  virtual void on_arrive(const Job& job, Tick now) = 0;
  virtual void on_tick(JobId running, Tick now) = 0;
  virtual void on_block(JobId job, Tick now) = 0;
  virtual void on_wake(JobId job, Tick now) = 0;
  virtual void on_exit(JobId job, Tick now) = 0;
  virtual JobId pick_next(Tick now) = 0;
};

// The lottery's random source: the next number of the simulation's seeded sequence. Call it exactly
// once per drawing; the winner is random() % (total tickets of the ready jobs).
std::uint32_t random();

// Parameters of every policy (the harness fills them; each policy reads the ones it needs).
struct Params {
  Tick quantum = 2;                      // rr, lottery, stride
  std::vector<Tick> mlfq_quanta{1, 2, 4};  // per level, level 0 first (the top)
  std::vector<Tick> mlfq_allotments{2, 4, 8};
  Tick mlfq_boost = 20;                  // every mlfq_boost ticks; 0 = never
};

// The simulator's report of a policy that broke the interface contract.
class PolicyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class EventKind { arrive, wake, block, exit, dispatch, preempt, idle };
const char* event_name(EventKind kind) noexcept;

// One line of a trace: at `time`, `job` did `kind` (idle has job kNone).
struct Event {
  Tick time = 0;
  EventKind kind = EventKind::idle;
  JobId job = kNone;
  bool operator==(const Event&) const = default;
};

// "  12  dispatch B"
std::string format_event(const Event& event);

// Per-job results of a finished simulation.
struct JobStats {
  Tick first_run = -1;
  Tick finish = -1;
  Tick response(const Job& job) const { return first_run - job.arrival; }
  Tick turnaround(const Job& job) const { return finish - job.arrival; }
  // Ticks spent ready but not running.
  Tick wait(const Job& job) const { return turnaround(job) - job.cpu_total() - job.io_total(); }
};

// What ran when: running[t] is the job that ran during [t, t+1) (kNone when idle).
struct Schedule {
  std::vector<Event> events;
  std::vector<JobId> running;
  std::vector<JobStats> stats;  // by job id
  std::string error;            // the PolicyError's message when the policy broke its contract
};

// Runs `jobs` (ids 0..n-1 in order) on one CPU with `policy`; `seed` seeds random(). Never throws for a
// policy's mistakes: they end the schedule early with `error` set.
Schedule simulate(const std::vector<Job>& jobs, Policy& policy, std::uint64_t seed);

// Restarts random()'s sequence (simulate() does it; the harness's reference does too).
void reset_random(std::uint64_t seed) noexcept;

// A random workload of `count` jobs (arrivals 0..2*count, 1-3 CPU bursts of 1-8, I/O of 1-5, priorities
// 0-3, tickets 10-100), the same for the same seed.
std::vector<Job> random_workload(std::uint64_t seed, int count);

// Parses "ARRIVAL:BURST,BURST,...[:pPRIORITY][:tTICKETS]" jobs separated by spaces or ';', e.g.
// "0:5,2,3 1:4:p1 2:8:t50". Throws std::invalid_argument with a message on a bad spec.
std::vector<Job> parse_workload(const std::string& spec);

}  // namespace lab::sched
