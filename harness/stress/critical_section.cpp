// CriticalSection: catches two threads inside a lock at once, and lost updates to data it protects.
#include <string>

#include "evidence.hpp"
#include "harness/checkers.hpp"

namespace harness {

// The occupancy atomics are all relaxed on purpose: acquire/release here would create the very
// happens-before edges a broken lock fails to create, and ThreadSanitizer would then miss the race on
// plain_counter_. A single variable's modification order is total even when relaxed, so an exchange
// still sees who was inside.
void CriticalSection::enter(int who) noexcept {
#if LAB_INSTRUMENTED
  evidence_on_enter();
#endif
  int inside = occupant_.exchange(who, std::memory_order_relaxed);
  if (inside != -1) {
    violations_.fetch_add(1, std::memory_order_relaxed);
    int none = -1;
    if (first_intruder_.compare_exchange_strong(none, who, std::memory_order_relaxed)) {
      first_victim_.store(inside, std::memory_order_relaxed);
    }
  }
  // Read and write in two steps (the signal fence only stops the compiler merging them) so that
  // unsynchronised entries lose updates visibly in plain builds too.
  long value = plain_counter_;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  plain_counter_ = value + 1;
}

void CriticalSection::leave(int who) noexcept {
  // Only the recorded occupant clears the slot: an intruder that replaced it stays visible.
  int expected = who;
  occupant_.compare_exchange_strong(expected, -1, std::memory_order_relaxed);
#if LAB_INSTRUMENTED
  evidence_on_leave();
#endif
}

long CriticalSection::violations() const noexcept { return violations_.load(std::memory_order_relaxed); }

bool CriticalSection::ok(long expected_entries) const noexcept {
  return violations() == 0 && plain_counter_ == expected_entries;
}

std::string CriticalSection::explain(long expected_entries) const {
  const long overlaps = violations();
  if (overlaps > 0) {
    const int intruder = first_intruder_.load(std::memory_order_relaxed);
    const int victim = first_victim_.load(std::memory_order_relaxed);
    return "2 threads were inside the critical section at the same time (worker " + std::to_string(intruder) +
           " entered while worker " + std::to_string(victim) + " was inside): your lock let both in. " +
           std::to_string(overlaps) + " of " + std::to_string(expected_entries) + " entries overlapped.";
  }
  if (plain_counter_ != expected_entries) {
    return "Updates made while holding your lock were lost: a counter incremented inside the critical section "
           "reached " +
           std::to_string(plain_counter_) + " instead of " + std::to_string(expected_entries) +
           ". Your lock does not make one holder's writes visible to the next (missing acquire/release "
           "ordering?).";
  }
  return "The critical section was never shared and no update was lost.";
}

}  // namespace harness
