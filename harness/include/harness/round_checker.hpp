// RoundChecker: a barrier's per-round check (no thread leaves round r before all have arrived in it).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace harness {

// Each of `threads` threads calls arrive(who, r) just before its r-th arrive_and_wait() (r = 0, 1, ...)
// and passed(who, r, last) right after it returns. Arriving writes the round into the thread's *plain*
// (non-atomic) slot; passing reads every thread's slot and expects round r there ("round == i", xv6's
// barrier test). So a thread that leaves early is seen in any build, and a barrier without
// acquire/release ordering is a ThreadSanitizer data race on the slots. Slots alternate between two
// banks by round parity: a correct barrier keeps every thread within one round of the others, so a
// slot of round r is never rewritten (for round r + 2) while somebody still reads it.
class RoundChecker {
 public:
  RoundChecker(int threads, long rounds);

  void arrive(int who, long round) noexcept;
  // Returns false on a violation (the first is remembered for explain()).
  bool passed(int who, long round, bool last) noexcept;
  // After all threads joined: true iff no violation and every round had exactly one "last" thread.
  bool ok() const;
  std::string explain() const;

 private:
  void violation(int who, int other, long round) noexcept;

  const int threads_;
  const long rounds_;
  std::vector<long> slots_[2];                       // plain on purpose, see above
  std::unique_ptr<std::atomic<int>[]> lasts_;       // per round: threads told they were last
  std::atomic<long> violations_{0};
  std::atomic<int> first_who_{-1};
  std::atomic<int> first_other_{-1};
  std::atomic<long> first_round_{-1};
};

}  // namespace harness
