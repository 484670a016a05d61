// Creates a submission's policy objects for the scheduler lab's graded tests (and for the labs-sched tool).
//
// The only file of the lab compiled together with the student's policies.hpp (found through -I<staged lab
// dir>); the graded tests call the student only through lab::sched::Policy objects made here.
#include "policies.hpp"

#include "policy_api.hpp"

namespace scheduler_lab {

std::unique_ptr<lab::sched::Policy> make_policy(PolicyKind kind, const lab::sched::Params& params) {
  switch (kind) {
    case PolicyKind::fifo: return std::make_unique<lab::sched::FifoPolicy>();
    case PolicyKind::stcf: return std::make_unique<lab::sched::StcfPolicy>();
    case PolicyKind::rr: return std::make_unique<lab::sched::RoundRobinPolicy>(params.quantum);
    case PolicyKind::priority: return std::make_unique<lab::sched::PriorityPolicy>();
    case PolicyKind::mlfq: return std::make_unique<lab::sched::MlfqPolicy>(params);
    case PolicyKind::lottery: return std::make_unique<lab::sched::LotteryPolicy>(params.quantum);
    case PolicyKind::stride: return std::make_unique<lab::sched::StridePolicy>(params.quantum);
  }
  return nullptr;
}

}  // namespace scheduler_lab
