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
  std::deque<JobId> ready_;
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
  std::vector<JobId> ready_;   // in the order jobs became ready
  std::vector<Tick> remaining_;  // by job id
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
  Tick quantum_;
  Tick used_ = 0;  // ticks the front job has run of its quantum
  std::deque<JobId> ready_;
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
  std::vector<JobId> ready_;
  std::vector<int> priority_;  // by job id
};

// OSTEP's multi-level feedback queue, rules 1-5 (level 0 is the top).
class MlfqPolicy : public Policy {
 public:
  explicit MlfqPolicy(const Params& params) : params_(params), queues_(params.mlfq_quanta.size()) {}
  void on_arrive(const Job& job, Tick now) override;
  void on_tick(JobId running, Tick now) override;
  void on_block(JobId job, Tick now) override;
  void on_wake(JobId job, Tick now) override;
  void on_exit(JobId job, Tick now) override;
  JobId pick_next(Tick now) override;

 private:
  struct Entry {
    std::size_t level = 0;
    Tick quantum_used = 0;
    Tick allotment_used = 0;
    bool alive = false;
  };
  void remove(JobId job);
  void boost();

  Params params_;
  std::vector<std::deque<JobId>> queues_;  // ready jobs per level
  std::vector<Entry> jobs_;                // by job id
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
  void leave(JobId job);

  Tick quantum_;
  JobId current_ = kNone;  // holder of the running quantum
  Tick used_ = 0;
  std::vector<int> tickets_;  // by job id
  std::vector<bool> ready_;   // by job id
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
  void leave(JobId job);

  Tick quantum_;
  JobId current_ = kNone;
  Tick used_ = 0;
  int global_pass_ = 0;  // the pass of the last job chosen
  std::vector<int> pass_;
  std::vector<int> stride_;
  std::vector<bool> ready_;
};

}  // namespace lab::sched
