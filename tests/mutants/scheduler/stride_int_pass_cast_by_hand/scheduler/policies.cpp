// Your scheduling policies: FIFO, STCF, round robin, priority, MLFQ, lottery and stride (see README.md).
#include "policies.hpp"

#include <algorithm>

namespace lab::sched {
namespace {

template <typename Container>
void erase_job(Container& jobs, JobId job) {
  jobs.erase(std::remove(jobs.begin(), jobs.end(), job), jobs.end());
}

// Grows a per-job table so that `job` is a valid index.
template <typename T>
void make_room(std::vector<T>& table, JobId job) {
  if (table.size() <= static_cast<std::size_t>(job)) table.resize(static_cast<std::size_t>(job) + 1);
}

// The first job of `ready` with the smallest key(job): ties go to the job ready the longest.
template <typename Key>
JobId first_smallest(const std::vector<JobId>& ready, Key key) {
  JobId best = kNone;
  for (JobId job : ready) {
    if (best == kNone || key(job) < key(best)) best = job;
  }
  return best;
}

}  // namespace

// ---- FIFO ----

void FifoPolicy::on_arrive(const Job& job, Tick) { ready_.push_back(job.id); }
void FifoPolicy::on_tick(JobId, Tick) {}
void FifoPolicy::on_block(JobId job, Tick) { erase_job(ready_, job); }
void FifoPolicy::on_wake(JobId job, Tick) { ready_.push_back(job); }
void FifoPolicy::on_exit(JobId job, Tick) { erase_job(ready_, job); }
JobId FifoPolicy::pick_next(Tick) { return ready_.empty() ? kNone : ready_.front(); }

// ---- STCF ----

void StcfPolicy::on_arrive(const Job& job, Tick) {
  make_room(remaining_, job.id);
  remaining_[static_cast<std::size_t>(job.id)] = job.cpu_total();
  ready_.push_back(job.id);
}
void StcfPolicy::on_tick(JobId running, Tick) { --remaining_[static_cast<std::size_t>(running)]; }
void StcfPolicy::on_block(JobId job, Tick) { erase_job(ready_, job); }
void StcfPolicy::on_wake(JobId job, Tick) { ready_.push_back(job); }
void StcfPolicy::on_exit(JobId job, Tick) { erase_job(ready_, job); }
JobId StcfPolicy::pick_next(Tick) {
  return first_smallest(ready_, [this](JobId job) { return remaining_[static_cast<std::size_t>(job)]; });
}

// ---- Round robin ----

void RoundRobinPolicy::on_arrive(const Job& job, Tick) { ready_.push_back(job.id); }
// The running job is always the front; after a full quantum it goes to the tail, before this tick's
// wake-ups and arrivals join.
void RoundRobinPolicy::on_tick(JobId running, Tick) {
  if (++used_ < quantum_) return;
  used_ = 0;
  ready_.pop_front();
  ready_.push_back(running);
}
void RoundRobinPolicy::on_block(JobId job, Tick) {
  erase_job(ready_, job);
  used_ = 0;
}
void RoundRobinPolicy::on_wake(JobId job, Tick) { ready_.push_back(job); }
void RoundRobinPolicy::on_exit(JobId job, Tick) {
  erase_job(ready_, job);
  used_ = 0;
}
JobId RoundRobinPolicy::pick_next(Tick) { return ready_.empty() ? kNone : ready_.front(); }

// ---- Priority ----

void PriorityPolicy::on_arrive(const Job& job, Tick) {
  make_room(priority_, job.id);
  priority_[static_cast<std::size_t>(job.id)] = job.priority;
  ready_.push_back(job.id);
}
void PriorityPolicy::on_tick(JobId, Tick) {}
void PriorityPolicy::on_block(JobId job, Tick) { erase_job(ready_, job); }
void PriorityPolicy::on_wake(JobId job, Tick) { ready_.push_back(job); }
void PriorityPolicy::on_exit(JobId job, Tick) { erase_job(ready_, job); }
JobId PriorityPolicy::pick_next(Tick) {
  return first_smallest(ready_, [this](JobId job) { return priority_[static_cast<std::size_t>(job)]; });
}

// ---- MLFQ ----

// Rule 3: a new job enters at the top.
void MlfqPolicy::on_arrive(const Job& job, Tick) {
  make_room(jobs_, job.id);
  jobs_[static_cast<std::size_t>(job.id)] = Entry{0, 0, 0, true};
  queues_[0].push_back(job.id);
}

// Rule 4: every tick counts against the allotment, however the job gave up the CPU before; a used-up
// allotment demotes (which also ends the quantum), a used-up quantum only rotates within the level.
void MlfqPolicy::on_tick(JobId running, Tick) {
  Entry& e = jobs_[static_cast<std::size_t>(running)];
  ++e.quantum_used;
  ++e.allotment_used;
  if (e.allotment_used >= params_.mlfq_allotments[e.level]) {
    remove(running);
    e.level = std::min(e.level + 1, queues_.size() - 1);
    e.quantum_used = 0;
    e.allotment_used = 0;
    queues_[e.level].push_back(running);
  } else if (e.quantum_used >= params_.mlfq_quanta[e.level]) {
    remove(running);
    e.quantum_used = 0;
    queues_[e.level].push_back(running);
  }
}

// The allotment is kept across I/O (rule 4); only the quantum starts afresh.
void MlfqPolicy::on_block(JobId job, Tick) {
  remove(job);
  jobs_[static_cast<std::size_t>(job)].quantum_used = 0;
}
void MlfqPolicy::on_wake(JobId job, Tick) { queues_[jobs_[static_cast<std::size_t>(job)].level].push_back(job); }
void MlfqPolicy::on_exit(JobId job, Tick) {
  remove(job);
  jobs_[static_cast<std::size_t>(job)].alive = false;
}

void MlfqPolicy::remove(JobId job) { erase_job(queues_[jobs_[static_cast<std::size_t>(job)].level], job); }

// Rule 5: every job, ready or blocked, goes back to the top with fresh counters; ready jobs keep their
// order (higher levels first).
void MlfqPolicy::boost() {
  for (std::size_t level = 1; level < queues_.size(); ++level) {
    queues_[0].insert(queues_[0].end(), queues_[level].begin(), queues_[level].end());
    queues_[level].clear();
  }
  for (Entry& e : jobs_) {
    if (e.alive) e = Entry{0, 0, 0, true};
  }
}

// Rules 1 and 2: the front of the highest non-empty level.
JobId MlfqPolicy::pick_next(Tick now) {
  if (params_.mlfq_boost > 0 && now > 0 && now % params_.mlfq_boost == 0) boost();
  for (const std::deque<JobId>& queue : queues_) {
    if (!queue.empty()) return queue.front();
  }
  return kNone;
}

// ---- Lottery ----

void LotteryPolicy::on_arrive(const Job& job, Tick) {
  make_room(tickets_, job.id);
  make_room(ready_, job.id);
  tickets_[static_cast<std::size_t>(job.id)] = job.tickets;
  ready_[static_cast<std::size_t>(job.id)] = true;
}
void LotteryPolicy::on_tick(JobId, Tick) {
  if (++used_ >= quantum_) current_ = kNone;
}
void LotteryPolicy::on_block(JobId job, Tick) { leave(job); }
void LotteryPolicy::on_wake(JobId job, Tick) { ready_[static_cast<std::size_t>(job)] = true; }
void LotteryPolicy::on_exit(JobId job, Tick) { leave(job); }

void LotteryPolicy::leave(JobId job) {
  ready_[static_cast<std::size_t>(job)] = false;
  if (job == current_) current_ = kNone;
}

// A drawing only when no quantum is running; the winner is found by walking the ready jobs by id.
JobId LotteryPolicy::pick_next(Tick) {
  if (current_ != kNone) return current_;
  long total = 0;
  for (std::size_t job = 0; job < ready_.size(); ++job) {
    if (ready_[job]) total += tickets_[job];
  }
  if (total == 0) return kNone;
  const long winner = static_cast<long>(random() % static_cast<std::uint32_t>(total));
  long counted = 0;
  for (std::size_t job = 0; job < ready_.size(); ++job) {
    if (!ready_[job]) continue;
    counted += tickets_[job];
    if (counted > winner) {
      current_ = static_cast<JobId>(job);
      break;
    }
  }
  used_ = 0;
  return current_;
}

// ---- Stride ----

// A job that arrives or wakes starts at the global pass: no credit for time away, no debt either.
void StridePolicy::on_arrive(const Job& job, Tick) {
  make_room(pass_, job.id);
  make_room(stride_, job.id);
  make_room(ready_, job.id);
  stride_[static_cast<std::size_t>(job.id)] = static_cast<int>(kStrideBig / static_cast<Pass>(job.tickets));
  pass_[static_cast<std::size_t>(job.id)] = global_pass_;
  ready_[static_cast<std::size_t>(job.id)] = true;
}
void StridePolicy::on_tick(JobId running, Tick) {
  pass_[static_cast<std::size_t>(running)] += stride_[static_cast<std::size_t>(running)];
  if (++used_ >= quantum_) current_ = kNone;
}
void StridePolicy::on_block(JobId job, Tick) { leave(job); }
void StridePolicy::on_wake(JobId job, Tick) {
  pass_[static_cast<std::size_t>(job)] = global_pass_;
  ready_[static_cast<std::size_t>(job)] = true;
}
void StridePolicy::on_exit(JobId job, Tick) { leave(job); }

void StridePolicy::leave(JobId job) {
  ready_[static_cast<std::size_t>(job)] = false;
  if (job == current_) current_ = kNone;
}

// The smallest pass on the wrapping circle; ties go to the smaller id.
JobId StridePolicy::pick_next(Tick) {
  if (current_ != kNone) return current_;
  JobId best = kNone;
  for (std::size_t job = 0; job < ready_.size(); ++job) {
    if (ready_[job] && (best == kNone || pass_before(static_cast<Pass>(pass_[job]), static_cast<Pass>(pass_[static_cast<std::size_t>(best)])))) {
      best = static_cast<JobId>(job);
    }
  }
  if (best == kNone) return kNone;
  current_ = best;
  used_ = 0;
  global_pass_ = pass_[static_cast<std::size_t>(best)];
  return best;
}

}  // namespace lab::sched
