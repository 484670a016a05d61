// The per-thread record behind ThreadProbe, the watchdog's diagnosis and the sanitizer evidence.
#pragma once

#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "evidence.hpp"
#include "lab/op_site.hpp"
#include "splitmix.hpp"

namespace harness {

// A counter written only by its owning thread and read by others: the owner's increment is a plain
// load + store (no locked instruction), readers see a monotonic snapshot.
class OwnedCounter {
 public:
  void bump() noexcept { value_.store(value_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }
  std::uint64_t get() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// The lab:: operation a thread performed last, readable by the watchdog while the thread runs. Fields
// are separate relaxed atomics: a torn read only blurs one diagnosis line, which is acceptable.
struct CurrentOp {
  std::atomic<lab::detail::OpKind> kind{lab::detail::OpKind::none};
  std::atomic<const void*> address{nullptr};
  std::atomic<const char*> file{nullptr};
  std::atomic<std::uint32_t> line{0};
  std::atomic<std::uint64_t> value{0};
  std::atomic<bool> inside{false};  // true while the thread is inside the operation (e.g. asleep in futex_wait)

  void set(const lab::detail::OpSite& site) noexcept;
  lab::detail::OpSite get() const noexcept;
};

// Everything the harness tracks about one thread. Created by TestThread (or on first use for other
// threads) and shared by the thread itself, its probes and the registry.
struct ThreadState : std::enable_shared_from_this<ThreadState> {
  ThreadState(std::string thread_name, int thread_index, bool is_test_thread)
      : name(std::move(thread_name)), index(thread_index), test_thread(is_test_thread) {}

  const std::string name;
  const int index;         // creation order; seeds the thread's perturbation
  const bool test_thread;  // created by TestThread (or stress); false for main and other adopted threads

  std::atomic<int> tid{0};  // the kernel's thread id once attached: /proc/self/task/<tid> (watchdog)

  std::atomic<bool> started{false};
  std::atomic<bool> finished{false};
  std::atomic<bool> cpu_clock_valid{false};
  clockid_t cpu_clock{};                    // written once before cpu_clock_valid is set
  std::atomic<std::int64_t> final_cpu_ns{0};  // set when the thread finishes

  CurrentOp op;
  OwnedCounter wait_ops;
  OwnedCounter futex_waits;
  OwnedCounter futex_wakes;
  OwnedCounter usage_errors;
  int expected_usage_scopes = 0;  // owner thread only: open ExpectUsageErrors scopes

  StudentSiteRecord student_site;  // instrumented builds: latest student atomic site (evidence)

  // Perturbation randomness, owner thread only; re-seeded when harness::seed() changes (next iteration).
  SplitMix perturb_rng;
  std::uint64_t perturb_seeded_for = 0;
  bool perturb_seeded = false;

  // Binds this record to the calling thread: its CPU clock and lab:: operations now land here.
  void attach_to_current_thread() noexcept;
  // Called by the thread itself as it ends: freezes its CPU time.
  void mark_finished() noexcept;
  std::chrono::nanoseconds cpu_time() const noexcept;
};

// The calling thread's record; registers one on first use for threads the harness did not create
// (named "main thread" for the process's first thread, else "thread N").
ThreadState& current_thread_state() noexcept;
std::shared_ptr<ThreadState> current_thread_state_shared();

// Creates and registers a record for a thread about to be started by TestThread.
std::shared_ptr<ThreadState> register_thread(std::string name);

// Records of threads that have started and not finished, in creation order.
std::vector<std::shared_ptr<ThreadState>> live_threads();

// The live threads whose stall is the test's: those TestThread started, plus any other thread (main)
// that is inside a lab:: operation right now. Main waiting in join() is not one of them. When no such
// thread lives, every live thread (a test that runs student code on main only).
std::vector<std::shared_ptr<ThreadState>> watched_threads();

// The global progress counter the watchdog watches.
std::uint64_t progress_count() noexcept;

}  // namespace harness
