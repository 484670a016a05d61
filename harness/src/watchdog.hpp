// The watchdog: ends a test that stopped making progress, with a diagnosis instead of a bare timeout.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "harness/findings.hpp"

namespace harness {

// Watches harness::progress() from its own thread while it exists. If the progress counter stays
// unchanged for `period`, it writes the results file (verdict fail, a "watchdog" finding from
// diagnose_stall) and ends the process with exit status 3. The destructor stops it.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::milliseconds period);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  void watch();
  [[noreturn]] void fire();

  std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mutex_
  std::thread thread_;
};

// Samples every live thread's CPU use over `sample` and explains why nothing progressed for `stalled`:
// deadlock (all asleep) or livelock (some spin), and per thread its lab:: operation and CPU use.
Finding diagnose_stall(std::chrono::milliseconds stalled, std::chrono::milliseconds sample);

}  // namespace harness
