// Wraps a submission's lab::Policy for the paging lab's policy tests and the labs-paging tool.
//
// Included by exactly one file of each program, the one compiled together with the student's policy.hpp
// (found through -I<staged lab dir>): the lab's adapter.cpp, and the labs-paging tool's main.cpp. A
// header that defines a function (so: once per program), because the grader's sandboxed compile of the
// adapter sees the headers beside it and no other source. The tests call the student only through the
// SlotPolicy objects made here.
#pragma once

#include "policy.hpp"

#include "policy_api.hpp"

namespace paging_lab {
namespace {

class StudentPolicy final : public SlotPolicy {
 public:
  explicit StudentPolicy(std::unique_ptr<lab::Policy> policy) : policy_(std::move(policy)) {}
  void loaded(std::size_t slot) override { policy_->loaded(slot); }
  void referenced(std::size_t slot) override { policy_->referenced(slot); }
  std::size_t victim() override { return policy_->victim(); }
  void evicted(std::size_t slot) override { policy_->evicted(slot); }

 private:
  std::unique_ptr<lab::Policy> policy_;
};

lab::PolicyKind student_kind(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::fifo: return lab::PolicyKind::fifo;
    case PolicyKind::lru: return lab::PolicyKind::lru;
    case PolicyKind::clock: return lab::PolicyKind::clock;
    case PolicyKind::opt: return lab::PolicyKind::opt;
  }
  return lab::PolicyKind::fifo;
}

}  // namespace

std::unique_ptr<SlotPolicy> make_student_policy(PolicyKind kind, std::size_t capacity,
                                                const std::vector<std::uint64_t>& future) {
  std::unique_ptr<lab::Policy> policy = lab::make_policy(student_kind(kind), capacity, future);
  if (!policy) return nullptr;
  return std::make_unique<StudentPolicy>(std::move(policy));
}

}  // namespace paging_lab
