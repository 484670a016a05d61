// The scheduler lab's oracle: the handout's rules as one table of per-job keys, minimised at every decision.
//
// Deliberately not the shape of a student's solution (per-policy queues): every job carries a ready
// sequence number, and each policy is a choice of sort key over the ready jobs. Written from the handout.
#include <algorithm>
#include <numeric>
#include <tuple>

#include "policy_api.hpp"

namespace scheduler_lab {
namespace {

using lab::sched::Job;
using lab::sched::JobId;
using lab::sched::kNone;
using lab::sched::Pass;
using lab::sched::Tick;

struct Record {
  bool live = false;   // arrived, not exited
  bool ready = false;  // live and not in I/O
  long seq = 0;        // when it last joined the tail of its queue (smaller: nearer the front)
  Tick remaining = 0;  // CPU ticks left (stcf)
  int priority = 0;
  int tickets = 1;
  std::size_t level = 0;
  Tick slice = 0;      // ticks of the current quantum used
  Tick allotment = 0;  // ticks used at the current MLFQ level
  Pass pass = 0;
};

class Oracle : public lab::sched::Policy {
 public:
  Oracle(PolicyKind kind, const lab::sched::Params& params) : kind_(kind), p_(params) {}

  void on_arrive(const Job& job, Tick) override {
    if (jobs_.size() <= static_cast<std::size_t>(job.id)) jobs_.resize(static_cast<std::size_t>(job.id) + 1);
    Record& r = at(job.id);
    r = Record{};
    r.live = true;
    r.remaining = job.cpu_total();
    r.priority = job.priority;
    r.tickets = job.tickets;
    join(job.id);
  }

  void on_tick(JobId job, Tick) override {
    Record& r = at(job);
    --r.remaining;
    ++r.slice;
    ++r.allotment;
    r.pass += lab::sched::kStrideBig / static_cast<Pass>(r.tickets);
    if (kind_ == PolicyKind::mlfq) return mlfq_tick(job, r);
    if (r.slice < p_.quantum) return;
    if (kind_ == PolicyKind::rr) {
      r.slice = 0;
      r.seq = ++clock_;
    }
    if (kind_ == PolicyKind::lottery || kind_ == PolicyKind::stride) holder_ = kNone;
  }

  void on_block(JobId job, Tick) override { leave(job); }
  void on_exit(JobId job, Tick) override {
    leave(job);
    at(job).live = false;
  }
  void on_wake(JobId job, Tick) override { join(job); }

  JobId pick_next(Tick now) override {
    if (kind_ == PolicyKind::mlfq && p_.mlfq_boost > 0 && now > 0 && now % p_.mlfq_boost == 0) boost();
    if (holder_ != kNone) return holder_;
    std::vector<JobId> ready;
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      if (jobs_[i].ready) ready.push_back(static_cast<JobId>(i));
    }
    if (ready.empty()) return kNone;
    if (kind_ == PolicyKind::lottery) return draw(ready);
    if (kind_ == PolicyKind::stride) return lowest_pass(ready);
    return *std::min_element(ready.begin(), ready.end(), [this](JobId a, JobId b) { return key(a) < key(b); });
  }

 private:
  Record& at(JobId job) { return jobs_[static_cast<std::size_t>(job)]; }

  // Becoming ready: the tail of its queue; stride's pass restarts at the global pass.
  void join(JobId job) {
    Record& r = at(job);
    r.ready = true;
    r.seq = ++clock_;
    r.slice = 0;
    r.pass = global_pass_;
  }

  void leave(JobId job) {
    at(job).ready = false;
    if (holder_ == job) holder_ = kNone;
  }

  std::tuple<Tick, long> key(JobId job) {
    const Record& r = at(job);
    switch (kind_) {
      case PolicyKind::stcf: return {r.remaining, r.seq};
      case PolicyKind::priority: return {r.priority, r.seq};
      case PolicyKind::mlfq: return {static_cast<Tick>(r.level), r.seq};
      default: return {0, r.seq};
    }
  }

  void mlfq_tick(JobId, Record& r) {
    const std::size_t bottom = p_.mlfq_quanta.size() - 1;
    if (r.allotment >= p_.mlfq_allotments[r.level]) {
      r.level = std::min(r.level + 1, bottom);
      r.allotment = 0;
    } else if (r.slice < p_.mlfq_quanta[r.level]) {
      return;
    }
    r.slice = 0;
    r.seq = ++clock_;
  }

  // Everyone to level 0, ready jobs in their current (level, seq) order, every counter fresh.
  void boost() {
    std::vector<JobId> order;
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      if (jobs_[i].live) order.push_back(static_cast<JobId>(i));
    }
    std::sort(order.begin(), order.end(), [this](JobId a, JobId b) { return key(a) < key(b); });
    for (JobId job : order) {
      Record& r = at(job);
      r.level = 0;
      r.slice = 0;
      r.allotment = 0;
      r.seq = ++clock_;
    }
  }

  JobId draw(const std::vector<JobId>& ready) {
    long total = 0;
    for (JobId job : ready) total += at(job).tickets;
    long ticket = static_cast<long>(lab::sched::random() % static_cast<std::uint32_t>(total));
    for (JobId job : ready) {
      ticket -= at(job).tickets;
      if (ticket < 0) return hold(job);
    }
    return kNone;
  }

  JobId lowest_pass(const std::vector<JobId>& ready) {
    JobId best = ready.front();
    for (JobId job : ready) {
      if (lab::sched::pass_before(at(job).pass, at(best).pass)) best = job;
    }
    global_pass_ = at(best).pass;
    return hold(best);
  }

  JobId hold(JobId job) {
    holder_ = job;
    at(job).slice = 0;
    return job;
  }

  PolicyKind kind_;
  lab::sched::Params p_;
  std::vector<Record> jobs_;
  long clock_ = 0;
  JobId holder_ = kNone;  // lottery/stride: the job whose quantum is running
  Pass global_pass_ = 0;
};

}  // namespace

std::unique_ptr<lab::sched::Policy> make_oracle(PolicyKind kind, const lab::sched::Params& params) {
  return std::make_unique<Oracle>(kind, params);
}

}  // namespace scheduler_lab
