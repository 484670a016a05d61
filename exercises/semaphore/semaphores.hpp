// Your semaphore and barrier, built only from lab:: operations (see README.md).
#pragma once

#include <chrono>
#include <cstdint>

#include <lab/lab.hpp>

namespace lab {

// A counting semaphore holding `initial` permits.
// acquire() takes a permit, sleeping (lab::futex_wait) while there is none; try_acquire() never waits;
// try_acquire_for(t) waits at most about t; release(n) adds n permits and lets up to n waiters through.
// A released permit is never lost. release() is a release operation, a successful acquire an acquire
// operation (memory order). With nobody waiting, no operation makes a futex call.
class Semaphore {
 public:
  explicit Semaphore(std::uint32_t initial = 0);
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  void acquire();
  [[nodiscard]] bool try_acquire();
  [[nodiscard]] bool try_acquire_for(std::chrono::nanoseconds timeout);
  void release(std::uint32_t n = 1);

 private:
  // TODO: the semaphore's state, e.g.
  //   lab::atomic<std::uint32_t> count_;        // free permits (a 32-bit futex word)
  //   lab::atomic<std::uint32_t> sleepers_{0};  // threads that may be asleep in futex_wait
};

// A reusable barrier for `threads` threads.
// arrive_and_wait() returns once all threads have arrived in this round, and returns true in exactly one
// thread per round: the last one to arrive. It works round after round with the same threads.
class Barrier {
 public:
  explicit Barrier(std::uint32_t threads);
  Barrier(const Barrier&) = delete;
  Barrier& operator=(const Barrier&) = delete;

  [[nodiscard]] bool arrive_and_wait();

 private:
  // TODO: e.g.
  //   const std::uint32_t threads_;
  //   lab::atomic<std::uint32_t> arrived_{0};     // arrivals in the current round
  //   lab::atomic<std::uint32_t> generation_{0};  // completed rounds (a 32-bit futex word)
};

}  // namespace lab
