// How the paging lab's policy tests and `./labs paging` reach a submission's replacement policies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace paging_lab {

// The policies of the lab (the student's lab::PolicyKind, which this side cannot include).
enum class PolicyKind { fifo, lru, clock, opt };

const char* policy_name(PolicyKind kind);                     // "FIFO", "LRU", "CLOCK", "OPT"
std::optional<PolicyKind> parse_policy(std::string_view name);  // fifo, lru, clock, opt (any case)

// The student's lab::Policy seen through a type the graded tests can compile against once; the calls
// and their contract are those of exercises/paging/policy.hpp.
class SlotPolicy {
 public:
  virtual ~SlotPolicy() = default;
  virtual void loaded(std::size_t slot) = 0;
  virtual void referenced(std::size_t slot) = 0;
  virtual std::size_t victim() = 0;
  virtual void evicted(std::size_t slot) = 0;
};

// A fresh policy of the submission with `capacity` empty slots; `future` (the pages that will be
// accessed, in order) reaches OPT only. Implemented by policy_adapter.hpp, included by the only file of the lab's
// policy tests compiled together with the student's policy.hpp.
std::unique_ptr<SlotPolicy> make_student_policy(PolicyKind kind, std::size_t capacity,
                                                const std::vector<std::uint64_t>& future);

}  // namespace paging_lab
