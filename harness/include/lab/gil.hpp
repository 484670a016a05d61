// The gil lab's "OS": the mutex, condition variable and settings a GIL is built on (CPython's pthread layer).
//
// Students write CPython's global interpreter lock (exercises/gil) on top of this. Every interpreter
// thread of a test is a real thread, but the harness runs exactly one at a time, in virtual time: each
// thread has a clock, and the runnable thread with the smallest clock runs next (ties: the lower thread
// id). A bytecode step costs 5 µs of the thread's virtual CPU; each call below costs 0.1 µs; a thread
// woken by unlock(), signal() or broadcast() starts running 20 µs after the call, while the caller goes
// on at once (a wake-up takes the kernel that long on a real multicore, which is what lets a releasing
// thread take a lock back before the thread it woke is running). lab::cpu_relax() and lab::yield()
// cost 0.5 µs of virtual CPU each: a waiter that polls burns CPU time, and the tests measure it.
// The same submission gives the same figures on every machine and under any load.
// The lab's tsan tests are the exception: there the threads run at once on real pthreads (a Mutex and
// Cond are real ones, wait_for waits real time) so that ThreadSanitizer sees races of plain statements.
#pragma once

#include <chrono>

#include "lab/source_location.hpp"

namespace lab::gil {

namespace detail {
struct MutexState;
struct CondState;
}  // namespace detail

// One interpreter thread (CPython's PyThreadState). The harness creates one per thread and passes it
// to every GIL call that thread makes; compare addresses to tell threads apart (last_holder == &me).
class ThreadState {
 public:
  ThreadState(int id, const char* name) noexcept : id_(id), name_(name) {}
  ThreadState(const ThreadState&) = delete;
  ThreadState& operator=(const ThreadState&) = delete;

  int id() const noexcept { return id_; }                // 0, 1, 2, ... in the test's order
  const char* name() const noexcept { return name_; }  // e.g. "cpu-1", "io"

 private:
  int id_;
  const char* name_;
};

// A mutex (pthread_mutex_t). Not fair: unlock() wakes the first waiter, which must then lock it again,
// so a thread that unlocks and locks right away usually gets it back first (as on Linux).
// lock() of a mutex the caller holds, and unlock() of one it does not hold, are reported as misuse.
class Mutex {
 public:
  Mutex();
  ~Mutex();
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock(lab::source_location where = lab::source_location::current());
  void unlock(lab::source_location where = lab::source_location::current());

 private:
  friend class Cond;
  detail::MutexState* state_;
};

// A condition variable (pthread_cond_t). The caller of wait/wait_for must hold `mutex`; they release
// it while asleep and hold it again when they return. As with pthreads a wait may return although no
// one signalled (a spurious wake-up): always wait in a loop that re-checks the condition.
class Cond {
 public:
  Cond();
  ~Cond();
  Cond(const Cond&) = delete;
  Cond& operator=(const Cond&) = delete;

  void wait(Mutex& mutex, lab::source_location where = lab::source_location::current());
  // Like wait, but gives up once `timeout` of virtual time has passed (pthread_cond_timedwait).
  // Returns true when it timed out, false when it was woken (or woke spuriously).
  [[nodiscard]] bool wait_for(Mutex& mutex, std::chrono::microseconds timeout,
                              lab::source_location where = lab::source_location::current());
  void signal(lab::source_location where = lab::source_location::current());     // wakes one waiter, if any
  void broadcast(lab::source_location where = lab::source_location::current());  // wakes every waiter

 private:
  detail::CondState* state_;
};

// sys.getswitchinterval(): how long a waiter of the new GIL waits before it asks the holder to drop
// it (CPython's default is 5 ms; the tests set their own).
std::chrono::microseconds switch_interval() noexcept;

// sys.getcheckinterval() of Python 2: the old GIL is released and taken again every this many steps
// (Python 2's default is 100 "ticks").
int check_interval() noexcept;

}  // namespace lab::gil
