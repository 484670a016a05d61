// BypassChecker: how many times others overtook a waiting thread (bounded bypass / no starvation).
#include "harness/checkers.hpp"

namespace harness {

// Relaxed throughout, like CriticalSection, so the checker adds no synchronisation a sanitizer could
// mistake for the lock's. RMWs (not loads) read the counter, since they always see its latest value.
BypassChecker::BypassChecker(int threads) : wait_start_(static_cast<std::size_t>(threads)) {}

void BypassChecker::begin_wait(int who) noexcept {
  wait_start_[static_cast<std::size_t>(who)].store(entries_.fetch_add(0, std::memory_order_relaxed),
                                                   std::memory_order_relaxed);
}

void BypassChecker::entered(int who) noexcept {
  const long before_me = entries_.fetch_add(1, std::memory_order_relaxed);
  const long bypassed = before_me - wait_start_[static_cast<std::size_t>(who)].load(std::memory_order_relaxed);
  long best = max_bypass_.load(std::memory_order_relaxed);
  while (bypassed > best && !max_bypass_.compare_exchange_weak(best, bypassed, std::memory_order_relaxed)) {
  }
}

long BypassChecker::max_bypass() const noexcept { return max_bypass_.load(std::memory_order_relaxed); }

}  // namespace harness
