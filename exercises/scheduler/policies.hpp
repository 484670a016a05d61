// Your scheduling policies for the simulated CPU of <lab/sched.hpp> (see README.md for the exact rules).
#pragma once

#include <deque>
#include <vector>

#include <lab/sched.hpp>

namespace lab::sched {

// First in, first out; never preempts. Ready queue in the order jobs became ready.
class FifoPolicy : public Policy {
 public:
  void on_arrive(const Job& job, Tick now) override;
  void on_tick(JobId running, Tick now) override;
  void on_block(JobId job, Tick now) override;
  void on_wake(JobId job, Tick now) override;
  void on_exit(JobId job, Tick now) override;
  JobId pick_next(Tick now) override;

 private:
  // TODO: your state (see README.md, "What you write")
};

// Shortest time to completion first (preemptive SJF): least remaining CPU time over all the job's bursts.
class StcfPolicy : public Policy {
 public:
  void on_arrive(const Job& job, Tick now) override;
  void on_tick(JobId running, Tick now) override;
  void on_block(JobId job, Tick now) override;
  void on_wake(JobId job, Tick now) override;
  void on_exit(JobId job, Tick now) override;
  JobId pick_next(Tick now) override;

 private:
  // TODO: your state (see README.md, "What you write")
};

// Round robin: the front job runs for `quantum` ticks, then goes to the tail.
class RoundRobinPolicy : public Policy {
 public:
  explicit RoundRobinPolicy(Tick quantum) : quantum_(quantum) {}
  void on_arrive(const Job& job, Tick now) override;
  void on_tick(JobId running, Tick now) override;
  void on_block(JobId job, Tick now) override;
  void on_wake(JobId job, Tick now) override;
  void on_exit(JobId job, Tick now) override;
  JobId pick_next(Tick now) override;

 private:
  [[maybe_unused]] Tick quantum_;  // maybe_unused only until your code uses it
  // TODO: your state (see README.md, "What you write")
};

// Preemptive priority: the ready job with the smallest priority value runs; ties in ready order.
class PriorityPolicy : public Policy {
 public:
  void on_arrive(const Job& job, Tick now) override;
  void on_tick(JobId running, Tick now) override;
  void on_block(JobId job, Tick now) override;
  void on_wake(JobId job, Tick now) override;
  void on_exit(JobId job, Tick now) override;
  JobId pick_next(Tick now) override;

 private:
  // TODO: your state (see README.md, "What you write")
};

// OSTEP's multi-level feedback queue, rules 1-5 (level 0 is the top).
class MlfqPolicy : public Policy {
 public:
  explicit MlfqPolicy(const Params& params) : params_(params) {}
  void on_arrive(const Job& job, Tick now) override;
  void on_tick(JobId running, Tick now) override;
  void on_block(JobId job, Tick now) override;
  void on_wake(JobId job, Tick now) override;
  void on_exit(JobId job, Tick now) override;
  JobId pick_next(Tick now) override;

 private:
  [[maybe_unused]] Params params_;
  // TODO: your state (see README.md, "What you write")
};

// Lottery: at each decision, draw random() % (tickets of the ready jobs); the winner runs one quantum.
class LotteryPolicy : public Policy {
 public:
  explicit LotteryPolicy(Tick quantum) : quantum_(quantum) {}
  void on_arrive(const Job& job, Tick now) override;
  void on_tick(JobId running, Tick now) override;
  void on_block(JobId job, Tick now) override;
  void on_wake(JobId job, Tick now) override;
  void on_exit(JobId job, Tick now) override;
  JobId pick_next(Tick now) override;

 private:
  [[maybe_unused]] Tick quantum_;  // maybe_unused only until your code uses it
  // TODO: your state (see README.md, "What you write")
};

// Stride: the ready job with the smallest pass runs one quantum; each tick adds its stride to its pass.
class StridePolicy : public Policy {
 public:
  explicit StridePolicy(Tick quantum) : quantum_(quantum) {}
  void on_arrive(const Job& job, Tick now) override;
  void on_tick(JobId running, Tick now) override;
  void on_block(JobId job, Tick now) override;
  void on_wake(JobId job, Tick now) override;
  void on_exit(JobId job, Tick now) override;
  JobId pick_next(Tick now) override;

 private:
  [[maybe_unused]] Tick quantum_;  // maybe_unused only until your code uses it
  // TODO: your state (see README.md, "What you write")
};

}  // namespace lab::sched
