// The watchdog: ends a test that stopped making progress, with a diagnosis instead of a bare timeout.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "harness/findings.hpp"
#include "stall_verdict.hpp"

namespace harness {

struct ThreadState;  // thread_registry.hpp

// One confirmation window's judgement; `finding` is set for deadlock, livelock and (last chance) overload.
struct StallReport {
  StallKind kind = StallKind::progressed;
  Finding finding;
};

// Watches harness::progress() from its own thread while it exists. When the progress counter has stayed
// unchanged for `period`, it watches the test's threads for a confirmation window (their CPU use and
// scheduler state) before it judges: progress during the window, or a thread that was ready to run but
// got no CPU (a loaded machine), sends it back to watching. A confirmed deadlock or livelock writes the
// results file (verdict fail, a "watchdog" finding) and ends the process with exit status 3; threads
// still starved after 3 periods end it with an "overload" finding (the grader's problem, not the
// student's). The destructor stops it.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::milliseconds period);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  void watch();
  // Watches for one confirmation window; progressed (also when stopped) or a verdict.
  StallReport confirm(std::chrono::milliseconds stalled, std::uint64_t progress_at_start, bool last_chance);
  [[noreturn]] void fire(const Finding& finding);

  std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mutex_
  std::thread thread_;
};

// Watches the watched threads (watched_threads()) from its construction to finish(): their CPU time, and
// their scheduler state each time sample() is called. finish() judges (judge_stall) and, for a stall,
// explains it: per thread its lab:: operation and whether it slept, spun or starved. `last_chance` turns
// an inconclusive window into an "overload" finding.
class StallSampler {
 public:
  StallSampler();
  void sample();
  StallReport finish(std::chrono::milliseconds stalled, bool progressed, bool last_chance);

 private:
  struct Watched {
    std::shared_ptr<ThreadState> thread;
    std::chrono::nanoseconds cpu_before;
    ThreadWatch watch;
  };
  std::vector<Watched> threads_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace harness
