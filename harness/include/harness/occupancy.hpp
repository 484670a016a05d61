// OccupancyChecker: never more than a bound of threads inside a section at once (a semaphore's permits).
#pragma once

#include <atomic>
#include <string>

namespace harness {

// Counts the threads between enter() and leave() and remembers the most seen at once. Call enter()
// right after a permit was obtained and leave() right before it is given back. Its atomics are relaxed:
// the checker adds no happens-before edge between the threads, so it cannot hide a data race.
class OccupancyChecker {
 public:
  // `bound`: how many threads may be inside at once (the permits in circulation).
  explicit OccupancyChecker(long bound) noexcept : bound_(bound) {}
  // Returns false when this entry exceeded the bound (the first such entry is remembered for explain()).
  bool enter(int who) noexcept;
  void leave() noexcept;

  long bound() const noexcept { return bound_; }
  long most_inside() const noexcept { return most_.load(std::memory_order_relaxed); }
  long violations() const noexcept { return violations_.load(std::memory_order_relaxed); }
  bool ok() const noexcept { return violations() == 0; }
  // "worker 3 got a permit, making 4 holders at once; at most 3 may hold a permit at once (5 of 800 ...)".
  std::string explain(long entries) const;

 private:
  const long bound_;
  std::atomic<long> inside_{0};
  std::atomic<long> most_{0};
  std::atomic<long> violations_{0};
  std::atomic<int> first_intruder_{-1};
  std::atomic<long> first_count_{0};
};

}  // namespace harness
