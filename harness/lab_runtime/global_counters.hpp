// Process-wide counters of lab:: operations (futex calls), behind harness::futex_counts().
#pragma once

#include <atomic>
#include <cstdint>

namespace harness {

struct GlobalFutexCounters {
  std::atomic<std::uint64_t> waits{0};
  std::atomic<std::uint64_t> wakes{0};
  std::atomic<std::uint64_t> woken{0};
};

GlobalFutexCounters& global_futex_counters() noexcept;

}  // namespace harness
