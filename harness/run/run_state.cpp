// The current run's parameters and seed; harness::seed(), config_name() and perturbation_enabled().
#include "run_state.hpp"

#include <atomic>
#include <mutex>

#include "harness/run_context.hpp"

#ifndef LAB_CONFIG_NAME
#define LAB_CONFIG_NAME "unknown"
#endif
#ifndef LAB_PERTURB
#define LAB_PERTURB 0
#endif

namespace harness {
namespace {

std::mutex run_mutex;
RunSnapshot& run() {
  static RunSnapshot state;
  return state;
}
// Read on every perturbation decision, so kept outside the mutex.
std::atomic<std::uint64_t> current_seed{1};

}  // namespace

void set_run_parameters(std::uint64_t base_seed, int repeat, std::string results_path) {
  std::lock_guard guard(run_mutex);
  run().seed = base_seed;
  run().repeat = repeat;
  run().results_path = std::move(results_path);
  current_seed.store(base_seed, std::memory_order_relaxed);
}

void begin_iteration(int iteration) {
  std::lock_guard guard(run_mutex);
  run().iterations_run = iteration + 1;
  current_seed.store(run().seed + static_cast<std::uint64_t>(iteration), std::memory_order_relaxed);
}

void set_current_test(std::string name) {
  std::lock_guard guard(run_mutex);
  run().test = std::move(name);
}

void mark_iteration_failed() {
  std::lock_guard guard(run_mutex);
  if (!run().failed_seed) run().failed_seed = current_seed.load(std::memory_order_relaxed);
}

RunSnapshot run_snapshot() {
  std::lock_guard guard(run_mutex);
  return run();
}

std::uint64_t seed() noexcept { return current_seed.load(std::memory_order_relaxed); }

std::string_view config_name() noexcept { return LAB_CONFIG_NAME; }

bool perturbation_enabled() noexcept { return LAB_PERTURB != 0; }

}  // namespace harness
