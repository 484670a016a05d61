// Shared state of the uthreads "hardware" (interrupts, switches, stacks), private to harness/uthread/.
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
  // Deterministic time and forced ticks (Machine::use_deterministic_time, force_tick_at_level_change).
  // Touched only by the CPU thread outside its signal handler.
  bool deterministic = false;
  std::uint64_t idle_limit = 0;
  std::uint64_t idle_streak = 0;    // halts since interrupts were last enabled
  std::uint64_t enables_per_tick = 0;  // 0: no clock but halts and tick()
  std::uint64_t enables_since_tick = 0;
  std::uint64_t ticks_seen = 0;        // the tick count when enables_since_tick was last reset
  std::uint64_t force_at = 0;       // the level change that gets a tick (1-based); 0: none
  std::uint64_t level_changes = 0;  // counted while force_at != 0
  bool stall = false;               // tick the thread at force_at until it resumes without a switch
  lab::hw::ForcedTick forced;
};

HwState& hw_state() noexcept;

}  // namespace harness::uthread
