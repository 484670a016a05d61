// Helpers shared by the mutex lab's graded tests: per-configuration sizes, bounded waits, the exclusion check.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <harness/harness.hpp>

#include "lock_api.hpp"

namespace mutex_lab {

using namespace std::chrono_literals;

// Work sizes per build: ThreadSanitizer runs 5-15x slower and perturbation adds delays at every lab::
// operation, so the instrumented builds do fewer iterations to keep each test process short.
struct PerConfig {
  long plain;
  long tsan;
  long perturb;
};
long for_config(const PerConfig& sizes);

// Bounded waits for things a correct lock does in microseconds. They poll (and mark progress for the
// watchdog) so that a broken lock produces a precise finding instead of a hang.
std::chrono::milliseconds patience();  // how long "at once" may take in this build; generous
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = patience());
bool finishes(const harness::TestThread& thread, std::chrono::milliseconds limit = patience());

// True once `thread` has called lab::futex_wait at least once, or has finished (within patience()).
bool went_to_sleep(const harness::TestThread& thread);

// A thread named `name` that takes `lock` once and gives it back (a waiter, while the caller holds it).
std::unique_ptr<harness::TestThread> lock_once_in_thread(AnyLock& lock, const std::string& name);

// Keeps the calling thread busy-free for `duration` (sleeping in small steps) while marking progress.
void idle_for(std::chrono::milliseconds duration);

// A time budget for stress loops. A fair lock with more threads than cores hands the lock to a thread
// that is not running (a convoy) and may manage only a few hundred hand-overs per second on a loaded
// machine; bounding the time keeps the test short there, while an idle machine does all iterations.
// Stopping early never makes a correct lock fail: the checks count the entries actually made.
class Budget {
 public:
  explicit Budget(const PerConfig& milliseconds);
  bool spent() const noexcept;

 private:
  std::chrono::steady_clock::time_point end_;
};

// A harness::CriticalSection plus what the stress tests need around it: entries counted per thread
// (each slot written by its own thread only, so counting adds no synchronisation between the threads),
// and the first overlap reported at once, from the intruding thread, so that the explanation comes
// before the flood of misuse reports ("unlock of an unlocked lock") a broken lock produces afterwards.
class ExclusionWatch {
 public:
  // `what`: "SpinLock with 8 threads" etc., for the messages.
  ExclusionWatch(std::string what, int threads);
  void enter(int who);  // right after lock() returned
  void leave(int who);  // right before unlock()
  bool broken() const noexcept { return section_.violations() > 0; }
  // After the threads have joined: fails the test unless every entry was alone and no update was lost.
  void finish();

 private:
  struct alignas(64) Slot {
    long entries = 0;
  };
  long total() const noexcept;

  std::string what_;
  harness::CriticalSection section_;
  std::vector<Slot> slots_;
  std::atomic<bool> reported_{false};
};

// Runs `threads` threads that each lock, pass through an ExclusionWatch and unlock up to `iterations`
// times (fewer if the time budget runs out or once two threads were seen inside together).
void expect_mutual_exclusion(const LockApi& api, int threads, long iterations);

// "SpinLock::try_lock()" etc., for messages.
std::string call(const LockApi& api, const char* function);

}  // namespace mutex_lab
