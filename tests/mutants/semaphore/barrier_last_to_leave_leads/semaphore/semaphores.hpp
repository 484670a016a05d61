// Known-buggy semaphore lab submission 'barrier_last_to_leave_leads': the reference header with one more counter (the bug is in semaphores.cpp).
#pragma once

#include <chrono>
#include <cstdint>

#include <lab/lab.hpp>

namespace lab {

// A counting semaphore: `count_` permits; acquire() takes one (sleeping while there is none), release(n)
// adds n.
//
// Contract: a released permit is never lost: it is taken by a thread blocked in acquire() or by a later
// acquire()/try_acquire(). release(n) lets up to n waiters through. At most initial + released - acquired
// threads hold permits at once. try_acquire() never waits; try_acquire_for(t) waits at most about t.
// Memory ordering: release() is a release operation and a successful acquire is an acquire operation, so
// what a thread wrote before release() is visible to the thread whose acquire takes that permit.
// Waiters sleep in lab::futex_wait on `count_`; with nobody waiting, no call makes a futex call.
// Fairness: none (a running thread may take a permit before a woken sleeper gets to it).
class Semaphore {
 public:
  explicit Semaphore(std::uint32_t initial = 0) : count_(initial) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  void acquire();
  [[nodiscard]] bool try_acquire();
  [[nodiscard]] bool try_acquire_for(std::chrono::nanoseconds timeout);
  void release(std::uint32_t n = 1);

 private:
  lab::atomic<std::uint32_t> count_;       // free permits; the futex word sleepers wait on while it is 0
  lab::atomic<std::uint32_t> sleepers_{0};  // threads between announcing a sleep and waking from it
};

// A reusable barrier for a fixed number of threads.
//
// Contract: arrive_and_wait() returns only once all `threads` threads have called it in this round; it
// returns true in exactly one thread per round (the last to arrive) and false in the others. It can be
// used round after round by the same threads: a thread that hurries into the next round waits there.
// Memory ordering: everything a thread wrote before arriving is visible to every thread after the round.
// How: `generation_` counts completed rounds; waiters sleep until it moves. The last thread resets
// `arrived_` *before* advancing the generation, so no thread of the next round can arrive too early.
class Barrier {
 public:
  explicit Barrier(std::uint32_t threads) : threads_(threads) {}
  Barrier(const Barrier&) = delete;
  Barrier& operator=(const Barrier&) = delete;

  [[nodiscard]] bool arrive_and_wait();

 private:
  const std::uint32_t threads_;
  lab::atomic<std::uint32_t> arrived_{0};     // threads that arrived in the current round
  lab::atomic<std::uint32_t> generation_{0};  // completed rounds (wraps around); the futex word
  lab::atomic<std::uint32_t> left_{0};        // threads that left the current round
};

}  // namespace lab
