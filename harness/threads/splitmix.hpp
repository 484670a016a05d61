// splitmix64: a tiny, well-mixed hash/generator step used to derive seeds and cheap per-thread randomness.
#pragma once

#include <cstdint>

namespace harness {

constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A small generator for hot paths (perturbation): one add and a mix per draw.
struct SplitMix {
  std::uint64_t state = 0;
  std::uint64_t next() noexcept {
    state += 0x9e3779b97f4a7c15ULL;
    return splitmix64(state);
  }
  // True with probability 1 / 2^bits.
  bool one_in_pow2(unsigned bits) noexcept { return (next() & ((std::uint64_t{1} << bits) - 1)) == 0; }
};

}  // namespace harness
