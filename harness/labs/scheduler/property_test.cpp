// Graded tests: MLFQ rules 4 and 5, stride's lag bound across pass overflow, lottery's long-run share.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <harness/findings.hpp>
#include <harness/run_context.hpp>

#include "sched_check.hpp"

namespace scheduler_lab {
namespace {

using lab::sched::Job;
using lab::sched::JobId;
using lab::sched::Tick;

// Fails the test with `why` and the command that prints the schedule `c` should have.
void fail_property(const Case& c, const std::string& why) { harness::fail_check(why + "\nsee it: " + replay_command(c)); }

// CPU-bound jobs arriving at 0 with these tickets, each long enough to outlast the measurement.
std::vector<Job> cpu_bound(const std::vector<int>& tickets, Tick length) {
  std::vector<Job> jobs;
  for (int t : tickets) jobs.push_back(Job{static_cast<JobId>(jobs.size()), 0, {length}, 0, t});
  return jobs;
}

// Rule 4: B runs 3 ticks and does 1 tick of I/O, over and over, just under its level-0 allotment of 4.
// Counted regardless of I/O, its allotment runs out after the second burst and it sinks like A.
TEST(Mlfq, CannotBeGamed) {
  Case c;
  c.kind = PolicyKind::mlfq;
  c.params.mlfq_quanta = {2, 4, 8};
  c.params.mlfq_allotments = {4, 8, 16};
  c.params.mlfq_boost = 0;
  Job gamer{1, 0, {}, 0, 1};
  for (int i = 0; i < 30; ++i) gamer.bursts.insert(gamer.bursts.end(), {3, 1});
  gamer.bursts.push_back(3);
  c.jobs = {Job{0, 0, {100}, 0, 1}, gamer};
  const auto ran = ticks_run(run_student(c), 2, 100);
  const auto fair = ticks_run(run_oracle(c), 2, 100);
  if (ran[1] > fair[1] + 10) {
    fail_property(c, "MLFQ can be gamed: job B gives up the CPU one tick before its allotment ends and got " +
                        std::to_string(ran[1]) + " of the first 100 ticks (expected " + std::to_string(fair[1]) +
                        ")\nrule 4: count every tick B runs against its allotment at that level, however often it "
                        "blocks in between; do not reset the allotment on I/O.");
    return;
  }
  expect_schedule(c);
}

// Rule 5: A sinks to the bottom, then a stream of new short jobs keeps level 0 busy for 120 ticks; only
// the periodic boost (every 10 ticks) lets A run. A may wait at most 2 boost periods at a time.
TEST(Mlfq, BoostPreventsStarvation) {
  Case c;
  c.kind = PolicyKind::mlfq;
  c.params.mlfq_boost = 10;
  c.jobs.push_back(Job{0, 0, {60}, 0, 1});
  for (int i = 0; i < 60; ++i) c.jobs.push_back(Job{static_cast<JobId>(i + 1), 2 + 2 * i, {2}, 0, 1});
  const lab::sched::Schedule schedule = run_student(c);
  Tick last_run = 0, longest = 0, worst_at = 0;
  for (std::size_t t = 0; t < schedule.running.size() && t < 120; ++t) {
    if (schedule.running[t] != 0) continue;
    if (static_cast<Tick>(t) - last_run > longest) {
      longest = static_cast<Tick>(t) - last_run;
      worst_at = last_run;
    }
    last_run = static_cast<Tick>(t);
  }
  if (schedule.error.empty() && schedule.running.size() >= 120 && 120 - last_run > longest) {
    longest = 120 - last_run;
    worst_at = last_run;
  }
  if (longest > 2 * c.params.mlfq_boost) {
    fail_property(c, "MLFQ starves job A: after t=" + std::to_string(worst_at) + " it waited " + std::to_string(longest) +
                        " ticks without running while new jobs kept arriving (boost every 10 ticks)\nrule 5: at every "
                        "multiple of the boost period move every job back to the top level.");
    return;
  }
  expect_schedule(c);
}

// Stride's promise: after t ticks every job has run within a couple of quanta of its exact share
// t * tickets / total. Strides of 1-3 tickets make 32-bit passes wrap after about 1500 ticks.
TEST(Stride, LagBoundAcrossPassOverflow) {
  Case c;
  c.kind = PolicyKind::stride;
  c.params.quantum = 1;
  c.jobs = cpu_bound({1, 2, 3}, 6000);
  const lab::sched::Schedule schedule = run_student(c);
  std::vector<long> ran(3, 0);
  for (std::size_t t = 0; t < 6000 && t < schedule.running.size(); ++t) {
    if (schedule.running[t] != lab::sched::kNone) ++ran[static_cast<std::size_t>(schedule.running[t])];
    for (std::size_t job = 0; job < 3; ++job) {
      const double exact = static_cast<double>(t + 1) * c.jobs[job].tickets / 6.0;
      if (std::abs(static_cast<double>(ran[job]) - exact) > 3.0) {
        fail_property(c, "stride: after " + std::to_string(t + 1) + " ticks job " + lab::sched::job_name(static_cast<JobId>(job)) +
                            " has run " + std::to_string(ran[job]) + " ticks, but its share is " +
                            std::to_string(static_cast<long>(exact)) + " (lag bound: 3)\npasses are 32-bit and wrap "
                            "around: compare them with lab::sched::pass_before, never with <.");
        return;
      }
    }
  }
  expect_schedule(c);
}

// Passes that wrap while jobs block and wake: four jobs of 1 or 2 tickets alternate CPU bursts of 40-79
// ticks with I/O of 1-4 for about 4000 ticks, so every pass, and the global pass a waking job takes,
// wraps around 32 bits about three times; the schedule must match the reference's tick for tick.
TEST(Stride, WrapWithIo) {
  Case c;
  c.kind = PolicyKind::stride;
  c.params.quantum = 2;
  const int tickets[] = {1, 1, 2, 1};
  for (int id = 0; id < 4; ++id) {
    Job job{id, id, {}, 0, tickets[id]};
    for (int k = 0; k < 18; ++k) {
      if (k > 0) job.bursts.push_back(1 + (5 * k + id) % 4);
      job.bursts.push_back(40 + (13 * k + 7 * id) % 40);
    }
    c.jobs.push_back(job);
  }
  expect_schedule(c);
}

// Lottery's promise, in the long run: 100, 50 and 25 tickets get 4/7, 2/7 and 1/7 of 20000 ticks, within
// 3 percentage points (over 8 standard deviations: a correct lottery never misses it).
TEST(Lottery, LongRunShare) {
  Case c;
  c.kind = PolicyKind::lottery;
  c.params.quantum = 1;
  c.seed = harness::seed();
  c.jobs = cpu_bound({100, 50, 25}, 20000);
  const auto ran = ticks_run(run_student(c), 3, 20000);
  for (std::size_t job = 0; job < 3; ++job) {
    const double share = static_cast<double>(ran[job]) / 20000.0;
    const double expected = c.jobs[job].tickets / 175.0;
    if (std::abs(share - expected) > 0.03) {
      fail_property(c, "lottery: job " + lab::sched::job_name(static_cast<JobId>(job)) + " (" +
                          std::to_string(c.jobs[job].tickets) + " of 175 tickets) got " +
                          std::to_string(static_cast<int>(share * 1000) / 10.0) + "% of 20000 ticks, expected " +
                          std::to_string(static_cast<int>(expected * 1000) / 10.0) + "% +- 3%");
      return;
    }
  }
}

}  // namespace
}  // namespace scheduler_lab
