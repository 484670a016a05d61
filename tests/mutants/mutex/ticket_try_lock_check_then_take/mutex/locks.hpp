// Known-buggy mutex lab submission 'ticket_try_lock_check_then_take': the reference header, unchanged (the bug is in locks.cpp).
#pragma once

#include <cstdint>

#include <lab/lab.hpp>

namespace lab {

// A test-and-test-and-set spinlock.
//
// Contract: lock() returns once the caller holds the lock; try_lock() never waits; unlock() must be called
// by the holder. Memory ordering: lock() and a successful try_lock() are acquire operations, unlock() is a
// release operation, so everything written inside one critical section is visible in the next one.
// Fairness: none; a waiter may be overtaken any number of times. Waiters busy-wait (they use a CPU).
// Misuse: unlock() of an unlocked lock reports lab::usage_error and changes nothing.
class SpinLock {
 public:
  SpinLock() = default;
  SpinLock(const SpinLock&) = delete;
  SpinLock& operator=(const SpinLock&) = delete;

  void lock();
  [[nodiscard]] bool try_lock();
  void unlock();

 private:
  lab::atomic<bool> locked_{false};  // true while some thread holds the lock
};

// A ticket lock: each locker takes the next ticket and waits until it is being served.
//
// Contract and memory ordering as SpinLock. Fairness: FIFO; threads get the lock in the order in which
// their lock() took a ticket. try_lock() takes a ticket only when it gets the lock at once, so a failed
// try_lock() leaves no trace. Invariant: now_serving_ == next_ticket_ exactly when the lock is free.
// Tickets are 32-bit and wrap around; only equality is ever compared, so wrapping is harmless.
class TicketLock {
 public:
  TicketLock() = default;
  TicketLock(const TicketLock&) = delete;
  TicketLock& operator=(const TicketLock&) = delete;

  void lock();
  [[nodiscard]] bool try_lock();
  void unlock();

 private:
  lab::atomic<std::uint32_t> next_ticket_{0};  // ticket the next locker takes
  lab::atomic<std::uint32_t> now_serving_{0};  // ticket of the holder (or of the next holder)
};

// A futex mutex, Drepper's "take 3" ("Futexes Are Tricky", 2011).
//
//   state_ | meaning
//   -------+---------------------------------------------
//      0   | unlocked
//      1   | locked, nobody sleeps in futex_wait
//      2   | locked, some threads may sleep in futex_wait
//
// Contract and memory ordering as SpinLock. Waiters sleep in lab::futex_wait instead of spinning. The
// uncontended lock() and unlock() make no futex call; unlock() wakes one sleeper when it saw state 2.
// Fairness: none (a running thread may take the lock before a woken sleeper gets to it).
class Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock();
  [[nodiscard]] bool try_lock();
  void unlock();

 private:
  lab::atomic<std::uint32_t> state_{0};  // 0, 1 or 2, see the table above
};

}  // namespace lab
