// Perturbation: random yields, short delays and spurious futex returns, seeded per thread and iteration.
#include "perturbation.hpp"

#include <sched.h>
#include <time.h>

#include "harness/run_context.hpp"
#include "thread_registry.hpp"
#include "wait_notes.hpp"

#ifndef LAB_PERTURB
#define LAB_PERTURB 0
#endif

namespace harness {
namespace {

// Probabilities as powers of two (1 in 2^n). Tuned so that a perturbed stress test of a correct lock
// (8 threads x a few thousand iterations) still finishes in well under a second.
struct PointOdds {
  unsigned yield_bits;
  unsigned delay_bits;  // short busy delay
  unsigned sleep_bits;  // sleep of a few microseconds
};

constexpr PointOdds odds_for(PerturbPoint point) noexcept {
  switch (point) {
    case PerturbPoint::atomic_op: return {3, 6, 9};
    case PerturbPoint::cpu_relax: return {3, 7, 10};
    case PerturbPoint::futex_wake: return {2, 5, 8};
    case PerturbPoint::futex_wait: return {2, 5, 8};
  }
  return {30, 30, 30};
}

SplitMix& thread_rng() noexcept {
  ThreadState& state = current_thread_state();
  std::uint64_t iteration_seed = seed();
  if (!state.perturb_seeded || state.perturb_seeded_for != iteration_seed) {
    state.perturb_rng.state = splitmix64(iteration_seed ^ splitmix64(0xa11ce + static_cast<std::uint64_t>(state.index)));
    state.perturb_seeded_for = iteration_seed;
    state.perturb_seeded = true;
  }
  return state.perturb_rng;
}

// A delay long enough for another core to act in the gap, short enough to stay invisible in timing.
void busy_delay(SplitMix& rng) noexcept {
  int spins = 50 + static_cast<int>(rng.next() % 500);
  for (int i = 0; i < spins; ++i) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}

void short_sleep(SplitMix& rng) noexcept {
  timespec pause{0, static_cast<long>(1000 + rng.next() % 9000)};
  ::nanosleep(&pause, nullptr);
}

}  // namespace

void perturb(PerturbPoint point) noexcept {
  if constexpr (!LAB_PERTURB) return;
  SplitMix& rng = thread_rng();
  const PointOdds odds = odds_for(point);
  if (rng.one_in_pow2(odds.yield_bits)) ::sched_yield();
  if (rng.one_in_pow2(odds.delay_bits)) busy_delay(rng);
  if (rng.one_in_pow2(odds.sleep_bits)) short_sleep(rng);
}

bool spurious_futex_return() noexcept {
  if (forced_spurious_return()) return true;
  if constexpr (!LAB_PERTURB) return false;
  return thread_rng().one_in_pow2(3);
}

}  // namespace harness
