// Your monitors: a condition variable, a bounded buffer, a reader-writer lock and dining philosophers (see README.md).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <lab/lab.hpp>
#include <locks.hpp>  // your mutex lab's lab::Mutex (its directory is on the include path)

namespace lab {

// wait(m): the caller holds m; releases it, sleeps until notified (or spuriously), holds m again on return.
// No lost wake-up between releasing m and sleeping. wait(m) with m unlocked: lab::usage_error, return.
class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  void wait(Mutex& mutex);
  void notify_one();
  void notify_all();

 private:
  // TODO: a 32-bit futex word bumped by every notify, e.g.
  //   lab::atomic<std::uint32_t> sequence_{0};
};

// A FIFO of at most `capacity` items: one Mutex, two CondVars. put() waits while full, take() while
// empty; close() wakes everybody: put() then returns false, take() returns what is left, then nullopt.
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
  // TODO: e.g.
  //   Mutex mutex_;
  //   CondVar not_full_, not_empty_;
  //   std::vector<long> slots_;          // a ring buffer of `capacity` slots
  //   std::size_t head_ = 0, count_ = 0;
  //   bool closed_ = false;
};

// Many readers or one writer. Once a writer waits, readers arriving later wait too (writer preference).
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
  // TODO: a Mutex, two CondVars, and counts: readers inside, writers waiting, writer inside.
};

// n philosophers; fork i lies between philosophers i - 1 and i. pick_up(i) returns when i may eat (no
// neighbour eats). No deadlock, no starvation; non-neighbours eat at the same time.
class DiningTable {
 public:
  explicit DiningTable(int philosophers);
  DiningTable(const DiningTable&) = delete;
  DiningTable& operator=(const DiningTable&) = delete;

  void pick_up(int philosopher);
  void put_down(int philosopher);

 private:
  // TODO: a Mutex, a CondVar, and per philosopher its state (thinking, hungry, eating) and the ticket
  // it took when it became hungry.
};

}  // namespace lab
