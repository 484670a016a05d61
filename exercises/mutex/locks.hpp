// Your locks: a spinlock, a ticket lock and a futex mutex, built only from lab:: operations (see README.md).
#pragma once

#include <cstdint>

#include <lab/lab.hpp>

namespace lab {

// A test-and-test-and-set spinlock.
// lock() waits (spinning, with lab::cpu_relax()) until the caller holds the lock; try_lock() never waits;
// unlock() releases. lock()/try_lock() acquire, unlock() releases (memory order). Not fair.
class SpinLock {
 public:
  SpinLock() = default;
  SpinLock(const SpinLock&) = delete;
  SpinLock& operator=(const SpinLock&) = delete;

  void lock();
  [[nodiscard]] bool try_lock();
  void unlock();

 private:
  // TODO: the lock's state, e.g.
  //   lab::atomic<bool> locked_{false};
};

// A ticket lock: FIFO, threads get the lock in the order in which lock() took their ticket.
// A failed try_lock() must not take a ticket.
class TicketLock {
 public:
  TicketLock() = default;
  TicketLock(const TicketLock&) = delete;
  TicketLock& operator=(const TicketLock&) = delete;

  void lock();
  [[nodiscard]] bool try_lock();
  void unlock();

 private:
  // TODO: two counters, e.g.
  //   lab::atomic<std::uint32_t> next_ticket_{0};  // the ticket the next lock() takes
  //   lab::atomic<std::uint32_t> now_serving_{0};  // the ticket that holds the lock
};

// A futex mutex, Drepper's "take 3": waiters sleep in lab::futex_wait; no futex call when uncontended.
//   state 0: unlocked   state 1: locked, no sleepers   state 2: locked, maybe sleepers
class Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock();
  [[nodiscard]] bool try_lock();
  void unlock();

 private:
  // TODO: the futex word (it must be a 32-bit lab::atomic, e.g.)
  //   lab::atomic<std::uint32_t> state_{0};
};

}  // namespace lab
