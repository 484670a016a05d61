// Alice's mutex lab: spinlock with backoff, ticket lock, futex mutex (Drepper's take 3).
#pragma once

#include <cstdint>

#include <lab/lab.hpp>

namespace lab {

// TTAS spinlock with bounded exponential backoff. Acquire on lock, release on unlock. Unfair.
class SpinLock {
 public:
  SpinLock() = default;
  SpinLock(const SpinLock&) = delete;
  SpinLock& operator=(const SpinLock&) = delete;

  void lock();
  [[nodiscard]] bool try_lock();
  void unlock();

 private:
  lab::atomic<bool> held_{false};
};

// FIFO ticket lock. Free iff serving_ == next_.
class TicketLock {
 public:
  TicketLock() = default;
  TicketLock(const TicketLock&) = delete;
  TicketLock& operator=(const TicketLock&) = delete;

  void lock();
  [[nodiscard]] bool try_lock();
  void unlock();

 private:
  lab::atomic<std::uint32_t> next_{0};
  lab::atomic<std::uint32_t> serving_{0};
};

// Futex mutex: word_ is 0 free, 1 held, 2 held and contended.
class Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock();
  [[nodiscard]] bool try_lock();
  void unlock();

 private:
  lab::atomic<int> word_{0};
};

}  // namespace lab
