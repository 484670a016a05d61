// Known-buggy monitor lab submission 'buffer_try_take_notifies_when_empty': the reference header, unchanged (the bug is in monitor.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <lab/lab.hpp>
#include <locks.hpp>  // the mutex lab's lab::Mutex (its directory is on the include path)

namespace lab {

// A condition variable on a futex sequence counter.
//
// Contract: wait(m) must be called with m locked by the caller; it releases m, sleeps until a notify
// (or spuriously), and locks m again before returning. Callers re-check their predicate in a loop.
// No lost wake-up: the counter is read while m is still held, so a notify issued after the caller
// checked its predicate (under m) changes the counter and futex_wait returns at once.
// Misuse: wait(m) with m unlocked reports lab::usage_error and returns at once, m still unlocked.
// The 32-bit counter wraps; a wait misses a notify only if exactly 2^32 notifies happen in between.
class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  void wait(Mutex& mutex);
  void notify_one();
  void notify_all();

 private:
  lab::atomic<std::uint32_t> sequence_{0};  // bumped by every notify
};

// A bounded FIFO buffer of `capacity` items: a monitor (one mutex, two condition variables).
//
// put() waits while the buffer is full; take() waits while it is empty. close() wakes every waiter:
// afterwards put()/try_put() add nothing and return false, take() returns the items still buffered and
// then std::nullopt. try_put()/try_take() never wait.
class BoundedBuffer {
 public:
  explicit BoundedBuffer(std::size_t capacity);
  BoundedBuffer(const BoundedBuffer&) = delete;
  BoundedBuffer& operator=(const BoundedBuffer&) = delete;

  bool put(long item);
  std::optional<long> take();
  bool try_put(long item);
  std::optional<long> try_take();
  void close();

 private:
  void push(long item);  // requires mutex_ held and a free slot
  long pop();            // requires mutex_ held and an item

  Mutex mutex_;
  CondVar not_full_;   // signalled when a slot frees up (or on close)
  CondVar not_empty_;  // signalled when an item arrives (or on close)
  std::vector<long> slots_;  // ring buffer; guarded by mutex_
  std::size_t head_ = 0;     // next item to take
  std::size_t count_ = 0;    // items buffered
  bool closed_ = false;
};

// A reader-writer lock with writer preference.
//
// lock_shared()/unlock_shared(): many readers at once. lock()/unlock(): one writer, no readers.
// Bounded bypass: once a writer waits, no reader that calls lock_shared() afterwards gets in before it;
// only the readers already inside finish first. (Readers may starve under a stream of writers.)
class RWLock {
 public:
  RWLock() = default;
  RWLock(const RWLock&) = delete;
  RWLock& operator=(const RWLock&) = delete;

  void lock_shared();
  void unlock_shared();
  void lock();
  void unlock();

 private:
  Mutex mutex_;
  CondVar readers_ok_;  // signalled when no writer is inside or waiting
  CondVar writer_ok_;   // signalled when the lock may be free for a writer
  int readers_ = 0;     // readers inside; guarded by mutex_
  int writers_waiting_ = 0;
  bool writer_inside_ = false;
};

// n philosophers around a table, fork i between philosopher i and philosopher i + 1 (mod n).
//
// pick_up(i) returns when philosopher i may eat: neither neighbour eats. No deadlock; no starvation:
// a hungry philosopher gets priority over a neighbour that became hungry later, so it waits for at most
// one meal of each neighbour. Non-neighbours eat at the same time.
class DiningTable {
 public:
  explicit DiningTable(int philosophers);
  DiningTable(const DiningTable&) = delete;
  DiningTable& operator=(const DiningTable&) = delete;

  void pick_up(int philosopher);
  void put_down(int philosopher);

 private:
  enum class State { thinking, hungry, eating };
  bool may_eat(int philosopher) const;  // requires mutex_ held
  int left(int philosopher) const;
  int right(int philosopher) const;

  Mutex mutex_;
  CondVar changed_;                    // signalled when somebody stops eating
  std::vector<State> state_;           // guarded by mutex_
  std::vector<std::uint64_t> since_;   // when each became hungry (a ticket); guarded by mutex_
  std::uint64_t next_ticket_ = 0;
};

}  // namespace lab
