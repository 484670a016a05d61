// The stress engine: N threads released together by a start barrier, spread over cores, M iterations.
#pragma once

#include <cstdint>
#include <functional>

#include "harness/run_context.hpp"

namespace harness {

struct StressConfig {
  int threads = 2;
  long iterations = 10000;  // per thread
  bool pin_to_cores = true;  // thread i runs on core i mod ncpu
  const char* thread_name = "worker";  // thread i is "<thread_name> i" in watchdog reports
};

// Per-thread view given to the stress body.
class StressThread {
 public:
  StressThread(int index, std::uint64_t stream) noexcept : index_(index), rng_(stream) {}
  int index() const noexcept { return index_; }
  Rng& rng() noexcept { return rng_; }

 private:
  int index_;
  Rng rng_;
};

// Runs body(thread, iteration) for iteration in [0, iterations) on `threads` TestThreads named
// "<thread_name> 0".. that all start together; marks progress after each iteration; returns once all have
// joined. Each thread's Rng is derived from harness::seed() and its index.
void stress(const StressConfig& config, const std::function<void(StressThread&, long)>& body);

}  // namespace harness
