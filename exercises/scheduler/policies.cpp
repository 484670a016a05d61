// Your scheduling policies: FIFO, STCF, round robin, priority, MLFQ, lottery and stride (see README.md).
#include "policies.hpp"

#include <lab/todo.hpp>

namespace lab::sched {

// ---- FifoPolicy ----

void FifoPolicy::on_arrive(const Job&, Tick) { lab::todo("FifoPolicy::on_arrive"); }
void FifoPolicy::on_tick(JobId, Tick) { lab::todo("FifoPolicy::on_tick"); }
void FifoPolicy::on_block(JobId, Tick) { lab::todo("FifoPolicy::on_block"); }
void FifoPolicy::on_wake(JobId, Tick) { lab::todo("FifoPolicy::on_wake"); }
void FifoPolicy::on_exit(JobId, Tick) { lab::todo("FifoPolicy::on_exit"); }
JobId FifoPolicy::pick_next(Tick) { lab::todo("FifoPolicy::pick_next"); }

// ---- StcfPolicy ----

void StcfPolicy::on_arrive(const Job&, Tick) { lab::todo("StcfPolicy::on_arrive"); }
void StcfPolicy::on_tick(JobId, Tick) { lab::todo("StcfPolicy::on_tick"); }
void StcfPolicy::on_block(JobId, Tick) { lab::todo("StcfPolicy::on_block"); }
void StcfPolicy::on_wake(JobId, Tick) { lab::todo("StcfPolicy::on_wake"); }
void StcfPolicy::on_exit(JobId, Tick) { lab::todo("StcfPolicy::on_exit"); }
JobId StcfPolicy::pick_next(Tick) { lab::todo("StcfPolicy::pick_next"); }

// ---- RoundRobinPolicy ----

void RoundRobinPolicy::on_arrive(const Job&, Tick) { lab::todo("RoundRobinPolicy::on_arrive"); }
void RoundRobinPolicy::on_tick(JobId, Tick) { lab::todo("RoundRobinPolicy::on_tick"); }
void RoundRobinPolicy::on_block(JobId, Tick) { lab::todo("RoundRobinPolicy::on_block"); }
void RoundRobinPolicy::on_wake(JobId, Tick) { lab::todo("RoundRobinPolicy::on_wake"); }
void RoundRobinPolicy::on_exit(JobId, Tick) { lab::todo("RoundRobinPolicy::on_exit"); }
JobId RoundRobinPolicy::pick_next(Tick) { lab::todo("RoundRobinPolicy::pick_next"); }

// ---- PriorityPolicy ----

void PriorityPolicy::on_arrive(const Job&, Tick) { lab::todo("PriorityPolicy::on_arrive"); }
void PriorityPolicy::on_tick(JobId, Tick) { lab::todo("PriorityPolicy::on_tick"); }
void PriorityPolicy::on_block(JobId, Tick) { lab::todo("PriorityPolicy::on_block"); }
void PriorityPolicy::on_wake(JobId, Tick) { lab::todo("PriorityPolicy::on_wake"); }
void PriorityPolicy::on_exit(JobId, Tick) { lab::todo("PriorityPolicy::on_exit"); }
JobId PriorityPolicy::pick_next(Tick) { lab::todo("PriorityPolicy::pick_next"); }

// ---- MlfqPolicy ----

void MlfqPolicy::on_arrive(const Job&, Tick) { lab::todo("MlfqPolicy::on_arrive"); }
void MlfqPolicy::on_tick(JobId, Tick) { lab::todo("MlfqPolicy::on_tick"); }
void MlfqPolicy::on_block(JobId, Tick) { lab::todo("MlfqPolicy::on_block"); }
void MlfqPolicy::on_wake(JobId, Tick) { lab::todo("MlfqPolicy::on_wake"); }
void MlfqPolicy::on_exit(JobId, Tick) { lab::todo("MlfqPolicy::on_exit"); }
JobId MlfqPolicy::pick_next(Tick) { lab::todo("MlfqPolicy::pick_next"); }

// ---- LotteryPolicy ----

void LotteryPolicy::on_arrive(const Job&, Tick) { lab::todo("LotteryPolicy::on_arrive"); }
void LotteryPolicy::on_tick(JobId, Tick) { lab::todo("LotteryPolicy::on_tick"); }
void LotteryPolicy::on_block(JobId, Tick) { lab::todo("LotteryPolicy::on_block"); }
void LotteryPolicy::on_wake(JobId, Tick) { lab::todo("LotteryPolicy::on_wake"); }
void LotteryPolicy::on_exit(JobId, Tick) { lab::todo("LotteryPolicy::on_exit"); }
JobId LotteryPolicy::pick_next(Tick) { lab::todo("LotteryPolicy::pick_next"); }

// ---- StridePolicy ----

void StridePolicy::on_arrive(const Job&, Tick) { lab::todo("StridePolicy::on_arrive"); }
void StridePolicy::on_tick(JobId, Tick) { lab::todo("StridePolicy::on_tick"); }
void StridePolicy::on_block(JobId, Tick) { lab::todo("StridePolicy::on_block"); }
void StridePolicy::on_wake(JobId, Tick) { lab::todo("StridePolicy::on_wake"); }
void StridePolicy::on_exit(JobId, Tick) { lab::todo("StridePolicy::on_exit"); }
JobId StridePolicy::pick_next(Tick) { lab::todo("StridePolicy::pick_next"); }

}  // namespace lab::sched
