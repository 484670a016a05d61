// The current test run's parameters (seed, configuration) and its seeded random numbers.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

namespace harness {

// Seed of the current test iteration: --lab-seed plus the iteration number. Every randomised choice a
// test makes must derive from it, so that the printed seed replays the run.
std::uint64_t seed() noexcept;

// Name of the build configuration this binary was built for ("plain", "tsan", "perturb").
std::string_view config_name() noexcept;

// True when lab:: operations are perturbed (random yields, delays and spurious futex returns).
bool perturbation_enabled() noexcept;

// A seeded random source. `stream` separates independent users of the same seed (e.g. thread index).
class Rng {
 public:
  explicit Rng(std::uint64_t stream = 0) noexcept;
  std::uint64_t next() noexcept;
  // Uniform in [0, bound); bound > 0.
  std::uint64_t below(std::uint64_t bound) noexcept;
  bool chance(double probability) noexcept;

 private:
  std::mt19937_64 engine_;
};

}  // namespace harness
