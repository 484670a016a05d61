// Checkers: invariants the graded tests assert (mutual exclusion, FIFO, bounded bypass, sleeping, futex calls).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "harness/test_thread.hpp"

namespace harness {

// Detects two threads inside a critical section at once. Call enter(i) right after lock() returns and
// leave(i) right before unlock(). It also increments a plain (non-atomic) counter inside, so that a lock
// without acquire/release ordering is a ThreadSanitizer data race, and lost updates show in plain builds.
class CriticalSection {
 public:
  void enter(int who) noexcept;
  void leave(int who) noexcept;
  // Number of entries that found another thread inside.
  long violations() const noexcept;
  // Passes iff no violation and the plain counter equals `expected_entries`; otherwise the explanation.
  bool ok(long expected_entries) const noexcept;
  std::string explain(long expected_entries) const;

 private:
  std::atomic<int> occupant_{-1};
  std::atomic<long> violations_{0};
  std::atomic<int> first_intruder_{-1};
  std::atomic<int> first_victim_{-1};
  long plain_counter_ = 0;  // deliberately not atomic: protected by the lock under test
};

// Checks that grants follow arrival order (FIFO). Arrivals and grants are recorded by the test.
class FifoChecker {
 public:
  void arrived(int who);
  void granted(int who);
  bool in_order() const;
  // "waiter 3 arrived before waiter 5 but 5 got the lock first (grant order 0 5 3 ...)".
  std::string explain() const;

 private:
  mutable std::mutex mutex_;
  std::vector<int> arrivals_;
  std::vector<int> grants_;
};

// Counts, for each waiter, how many other threads entered while it waited; checks a bound.
class BypassChecker {
 public:
  explicit BypassChecker(int threads);
  void begin_wait(int who) noexcept;  // before lock()
  void entered(int who) noexcept;     // right after lock() returns
  long max_bypass() const noexcept;
  bool within(long bound) const noexcept { return max_bypass() <= bound; }

 private:
  std::atomic<long> entries_{0};
  std::vector<std::atomic<long>> wait_start_;
  std::atomic<long> max_bypass_{0};
};

// Global futex call counts (all threads) since the process started; use differences.
struct FutexCounts {
  std::uint64_t waits = 0;  // futex_wait + futex_wait_for calls
  std::uint64_t wakes = 0;  // futex_wake calls
  std::uint64_t woken = 0;  // threads actually woken
};
FutexCounts futex_counts() noexcept;

// Fraction of `interval` that `probe`'s thread spent on a CPU between two CPU-time samples.
double cpu_share(std::chrono::nanoseconds cpu_before, std::chrono::nanoseconds cpu_after,
                 std::chrono::nanoseconds interval) noexcept;

}  // namespace harness
