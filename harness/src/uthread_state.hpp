// Shared state of the uthreads "hardware" (interrupts, switches, stacks), private to harness/src/uthread_*.cpp.
#pragma once

#include <signal.h>

#include <atomic>
#include <cstdint>

#include "lab/uthread_hw.hpp"

namespace harness::uthread {

// The signal that plays the timer interrupt.
inline constexpr int kTimerSignal = SIGALRM;

// Counters of the simulated CPU. Written by the one thread that is the CPU (also from its signal
// handler), read by tests on that thread; atomics only so that the watchdog thread may read them too.
struct HwState {
  std::atomic<std::uint64_t> ticks{0};
  std::atomic<std::uint64_t> halted_ticks{0};
  std::atomic<std::uint64_t> switches{0};
  std::atomic<std::uint64_t> halts{0};
  std::atomic<std::int64_t> live_stacks{0};
  std::atomic<std::uint64_t> misaligned_entries{0};
  std::atomic<std::uint64_t> thread_begins{0};
  volatile sig_atomic_t in_halt = 0;
  std::atomic<bool> machine_active{false};
};

HwState& hw_state() noexcept;

}  // namespace harness::uthread
