// harness::Rng: a seeded random source derived from the iteration's seed and a stream number.
#include "harness/run_context.hpp"
#include "splitmix.hpp"

namespace harness {

Rng::Rng(std::uint64_t stream) noexcept : engine_(splitmix64(seed() ^ splitmix64(stream + 0x5eed))) {}

std::uint64_t Rng::next() noexcept { return engine_(); }

// Rejection sampling rather than std::uniform_int_distribution, whose output differs between standard
// libraries: a seed must replay the same choices everywhere.
std::uint64_t Rng::below(std::uint64_t bound) noexcept {
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % bound);
  std::uint64_t value = next();
  while (value >= limit) value = next();
  return value % bound;
}

bool Rng::chance(double probability) noexcept {
  constexpr double kTwoPow53 = 9007199254740992.0;
  return static_cast<double>(next() >> 11) / kTwoPow53 < probability;
}

}  // namespace harness
