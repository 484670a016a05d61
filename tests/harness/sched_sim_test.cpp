// Unit tests of the scheduler lab's simulator: event order, statistics, contract checks, workloads, artifacts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/artifacts.hpp"
#include "harness/sched_report.hpp"
#include "results_file.hpp"

namespace {

using lab::sched::JobId;
using lab::sched::kNone;
using lab::sched::Tick;

// Runs the lowest-id ready job (non-preemptive), and can be told to misbehave.
class LowestId : public lab::sched::Policy {
 public:
  JobId forced = kNone - 1;  // returned by pick_next when set to something else
  std::vector<std::string> calls;
  void on_arrive(const lab::sched::Job& job, Tick now) override { note("arrive", job.id, now), ready(job.id, true); }
  void on_tick(JobId job, Tick now) override { note("tick", job, now); }
  void on_block(JobId job, Tick now) override { note("block", job, now), ready(job, false); }
  void on_wake(JobId job, Tick now) override { note("wake", job, now), ready(job, true); }
  void on_exit(JobId job, Tick now) override { note("exit", job, now), ready(job, false); }
  JobId pick_next(Tick) override {
    if (forced != kNone - 1) return forced;
    if (current_ != kNone && ready_[static_cast<std::size_t>(current_)]) return current_;
    current_ = kNone;
    for (std::size_t i = 0; i < ready_.size(); ++i) {
      if (ready_[i]) return current_ = static_cast<JobId>(i);
    }
    return kNone;
  }

 private:
  void note(const char* what, JobId job, Tick now) { calls.push_back(std::to_string(now) + " " + what + " " + lab::sched::job_name(job)); }
  void ready(JobId job, bool value) {
    if (ready_.size() <= static_cast<std::size_t>(job)) ready_.resize(static_cast<std::size_t>(job) + 1);
    ready_[static_cast<std::size_t>(job)] = value;
  }
  std::vector<bool> ready_;
  JobId current_ = kNone;
};

TEST(sched_simulator, CallsInTheDocumentedOrderAndComputesStats) {
  const auto jobs = lab::sched::parse_workload("0:2,1,1 2:1");
  LowestId policy;
  const auto schedule = lab::sched::simulate(jobs, policy, 1);
  ASSERT_TRUE(schedule.error.empty()) << schedule.error;
  // t=2: A's tick, A blocks, then B arrives; t=3: B's tick and exit, then A wakes.
  const std::vector<std::string> expected = {"0 arrive A", "1 tick A", "2 tick A", "2 block A", "2 arrive B",
                                             "3 tick B",   "3 exit B", "3 wake A",  "4 tick A",  "4 exit A"};
  EXPECT_EQ(policy.calls, expected);
  EXPECT_EQ(schedule.running, (std::vector<JobId>{0, 0, 1, 0}));
  EXPECT_EQ(schedule.stats[0].response(jobs[0]), 0);
  EXPECT_EQ(schedule.stats[0].turnaround(jobs[0]), 4);
  EXPECT_EQ(schedule.stats[0].wait(jobs[0]), 0);
  EXPECT_EQ(schedule.stats[1].turnaround(jobs[1]), 1);
}

TEST(sched_simulator, IdlesBetweenArrivals) {
  const auto jobs = lab::sched::parse_workload("3:1");
  LowestId policy;
  const auto schedule = lab::sched::simulate(jobs, policy, 1);
  EXPECT_EQ(schedule.running, (std::vector<JobId>{kNone, kNone, kNone, 0}));
  EXPECT_EQ(schedule.stats[0].response(jobs[0]), 0);
}

TEST(sched_simulator, RejectsIdlingWhileAJobIsReadyAndPicksOfJobsNotReady) {
  const auto jobs = lab::sched::parse_workload("0:2 5:1");
  LowestId idle;
  idle.forced = kNone;
  EXPECT_NE(lab::sched::simulate(jobs, idle, 1).error.find("never idles"), std::string::npos);
  LowestId early;
  early.forced = 1;
  const auto schedule = lab::sched::simulate(jobs, early, 1);
  EXPECT_NE(schedule.error.find("job 1, which is not ready (ready: A)"), std::string::npos) << schedule.error;
}

TEST(sched_simulator, RandomIsReplayedFromTheSeed) {
  lab::sched::reset_random(42);
  const std::uint32_t a = lab::sched::random(), b = lab::sched::random();
  lab::sched::reset_random(42);
  EXPECT_EQ(lab::sched::random(), a);
  EXPECT_EQ(lab::sched::random(), b);
  EXPECT_EQ(harness::sched::workload_spec(lab::sched::random_workload(9, 5)),
            harness::sched::workload_spec(lab::sched::random_workload(9, 5)));
}

TEST(sched_simulator, ParsesWorkloadsAndRejectsBadOnes) {
  const auto jobs = lab::sched::parse_workload("0:5,2,3:p1:t50; 4:1");
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].bursts, (std::vector<Tick>{5, 2, 3}));
  EXPECT_EQ(jobs[0].priority, 1);
  EXPECT_EQ(jobs[0].tickets, 50);
  EXPECT_EQ(harness::sched::workload_spec(jobs), "0:5,2,3:p1:t50 4:1");
  EXPECT_THROW(lab::sched::parse_workload("0:5,2"), std::invalid_argument);
  EXPECT_THROW(lab::sched::parse_workload("0:0"), std::invalid_argument);
  EXPECT_THROW(lab::sched::parse_workload("x:1"), std::invalid_argument);
  EXPECT_THROW(lab::sched::parse_workload("0:1:t0"), std::invalid_argument);
  EXPECT_THROW(lab::sched::parse_workload(""), std::invalid_argument);
}

TEST(sched_simulator, DescribesTheFirstDifferenceSideBySide) {
  const std::vector<std::string> yours = {"a", "b", "x"}, expected = {"a", "b", "c", "d"};
  EXPECT_EQ(harness::sched::first_difference(yours, expected), 2u);
  EXPECT_EQ(harness::sched::first_difference(expected, expected), std::nullopt);
  const std::string text = harness::sched::describe_difference(yours, expected);
  EXPECT_NE(text.find("first difference at event 3: yours \"x\", expected \"c\""), std::string::npos) << text;
  EXPECT_NE(text.find(">> x"), std::string::npos) << text;
}

TEST(sched_simulator, PassesCompareAcrossWrapAround) {
  EXPECT_TRUE(lab::sched::pass_before(0xFFFFFFF0u, 0x10u));
  EXPECT_FALSE(lab::sched::pass_before(0x10u, 0xFFFFFFF0u));
  EXPECT_FALSE(lab::sched::pass_before(5u, 5u));
}

TEST(sched_simulator, ArtifactsGoIntoTheResultsJson) {
  harness::attach_artifact("gantt-yours.svg", "image/svg+xml", "<svg/>");
  harness::attach_artifact("gantt-yours.svg", "image/svg+xml", "<svg>2</svg>");
  const auto json = nlohmann::json::parse(harness::results_json(harness::Verdict::fail, false));
  ASSERT_EQ(json["artifacts"].size(), 1u) << "a later artifact of the same name replaces the earlier one";
  EXPECT_EQ(json["artifacts"][0]["name"], "gantt-yours.svg");
  EXPECT_EQ(json["artifacts"][0]["media_type"], "image/svg+xml");
  EXPECT_EQ(json["artifacts"][0]["content"], "<svg>2</svg>");
}

}  // namespace
