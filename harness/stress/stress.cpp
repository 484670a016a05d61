// The stress engine: worker threads released together, pinned across cores, running a test body.
#include "harness/stress.hpp"

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "harness/test_thread.hpp"

namespace harness {
namespace {

// The CPUs this process may run on (it may be restricted by a cgroup or taskset).
std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (::sched_getaffinity(0, sizeof(set), &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
  }
  return cpus;
}

// Best effort: without pinning the test is merely less likely to run threads truly in parallel.
void pin_current_thread(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  (void)::pthread_setaffinity_np(::pthread_self(), sizeof(set), &set);
}

inline void spin_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Spins until `flag` is set. Spinning (not a mutex) releases every worker within nanoseconds of each
// other; the occasional yield lets the creating thread run when there are more workers than cores.
void spin_until(const std::atomic<bool>& flag) noexcept {
  for (unsigned turn = 1; !flag.load(std::memory_order_acquire); ++turn) {
    spin_pause();
    if (turn % 64 == 0) ::sched_yield();
  }
}

}  // namespace

void stress(const StressConfig& config, const std::function<void(StressThread&, long)>& body) {
  const std::vector<int> cpus = config.pin_to_cores ? allowed_cpus() : std::vector<int>{};
  std::atomic<bool> go{false};
  std::atomic<int> ready{0};
  std::vector<std::unique_ptr<TestThread>> workers;
  workers.reserve(static_cast<std::size_t>(config.threads));
  for (int index = 0; index < config.threads; ++index) {
    auto run = [&, index] {
      if (!cpus.empty()) pin_current_thread(cpus[static_cast<std::size_t>(index) % cpus.size()]);
      StressThread self(index, 0x57e55000 + static_cast<std::uint64_t>(index));
      ready.fetch_add(1, std::memory_order_relaxed);
      spin_until(go);
      for (long iteration = 0; iteration < config.iterations; ++iteration) {
        body(self, iteration);
        progress();
      }
    };
    workers.push_back(std::make_unique<TestThread>(std::string(config.thread_name) + " " + std::to_string(index), run));
  }
  // Release only once every worker is spinning at the barrier, so they really start together.
  while (ready.load(std::memory_order_relaxed) < config.threads) ::sched_yield();
  go.store(true, std::memory_order_release);
  for (auto& worker : workers) worker->join();
}

}  // namespace harness
