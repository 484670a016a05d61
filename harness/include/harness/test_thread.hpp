// TestThread: a thread the harness can observe (its lab:: operation, CPU time, waits, futex calls).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace harness {

struct ThreadState;  // per-thread record kept by the harness (see src/thread_registry.hpp)

// Counters of one thread's lab:: operations since it started. Read while the thread runs: values are
// monotonic snapshots, exact once the thread has finished.
class ThreadProbe {
 public:
  explicit ThreadProbe(std::shared_ptr<ThreadState> state) noexcept;
  std::uint64_t wait_ops() const noexcept;     // cpu_relax + yield + futex_wait calls
  std::uint64_t futex_waits() const noexcept;  // futex_wait(_for) calls
  std::uint64_t futex_wakes() const noexcept;  // futex_wake calls
  std::uint64_t usage_errors() const noexcept;
  // CPU time (user + system) the thread has used so far; zero before it starts.
  std::chrono::nanoseconds cpu_time() const noexcept;
  bool finished() const noexcept;

 private:
  std::shared_ptr<ThreadState> state_;
};

// A std::thread that registers itself with the harness (watchdog diagnosis, counters) under `name`.
// The destructor joins. Exceptions escaping `body` are reported as findings.
class TestThread {
 public:
  TestThread(std::string name, std::function<void()> body);
  ~TestThread();
  TestThread(const TestThread&) = delete;
  TestThread& operator=(const TestThread&) = delete;

  void join();
  const ThreadProbe& probe() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Probe of the calling thread (registered on first use, e.g. the test's main thread).
ThreadProbe current_thread_probe();

// Waits until `thread` has made at least `min_wait_ops` waiting operations (cpu_relax, yield,
// futex_wait) or has finished. This is how a test knows a thread is waiting inside lock() without
// sleeping and hoping. Returns false (and reports a finding naming `what`) if that does not happen
// within `limit`.
bool wait_until_waiting(const TestThread& thread, const std::string& what, std::uint64_t min_wait_ops = 1,
                        std::chrono::milliseconds limit = std::chrono::milliseconds(5000));

// Marks forward progress for the watchdog. Cheap; call at least once per loop iteration of a test.
void progress() noexcept;

// While a WaitNote lives, the watchdog's diagnosis says what the calling thread is waiting for, in the
// test's words ("fork 1"), and on which thread (by name, "philosopher 1"; empty: none). If the noted
// threads wait on each other in a cycle, the diagnosis names it: "philosopher 0 waits for fork 1 held by
// philosopher 1 -> ... -> philosopher 0". Creating one costs a string copy and no synchronisation with
// other test threads (so it hides no data race). Notes do not nest.
class WaitNote {
 public:
  WaitNote(std::string what, std::string waits_for);
  ~WaitNote();
  WaitNote(const WaitNote&) = delete;
  WaitNote& operator=(const WaitNote&) = delete;
};

// While a ForcedSpuriousWakeups lives, every other lab::futex_wait call of each thread returns at once
// without sleeping, in every build configuration: code that does not re-check its condition after a
// wake-up fails deterministically, while a correct waiter still gets to sleep on its next call.
class ForcedSpuriousWakeups {
 public:
  ForcedSpuriousWakeups() noexcept;
  ~ForcedSpuriousWakeups();
  ForcedSpuriousWakeups(const ForcedSpuriousWakeups&) = delete;
  ForcedSpuriousWakeups& operator=(const ForcedSpuriousWakeups&) = delete;
};

}  // namespace harness
