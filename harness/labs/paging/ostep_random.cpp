// Python's MT19937 (init_by_array seeding, genrand_int32, random()) for OSTEP's random reference strings.
#include "ostep_random.hpp"

namespace paging_lab {

namespace {
constexpr std::size_t kN = 624, kM = 397;
}  // namespace

// random.seed(n) for 0 <= n < 2^32: init_by_array with the one-word key {n}.
PythonRandom::PythonRandom(std::uint32_t seed) {
  mt_[0] = 19650218u;
  for (std::size_t i = 1; i < kN; ++i) {
    mt_[i] = 1812433253u * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
  }
  std::size_t i = 1;
  for (std::size_t k = kN; k > 0; --k) {  // key length 1: j stays 0
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525u)) + seed;
    if (++i >= kN) {
      mt_[0] = mt_[kN - 1];
      i = 1;
    }
  }
  for (std::size_t k = kN - 1; k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941u)) - static_cast<std::uint32_t>(i);
    if (++i >= kN) {
      mt_[0] = mt_[kN - 1];
      i = 1;
    }
  }
  mt_[0] = 0x80000000u;
}

std::uint32_t PythonRandom::next_u32() {
  if (index_ >= kN) {
    for (std::size_t k = 0; k < kN; ++k) {
      const std::uint32_t y = (mt_[k] & 0x80000000u) | (mt_[(k + 1) % kN] & 0x7fffffffu);
      mt_[k] = mt_[(k + kM) % kN] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
    }
    index_ = 0;
  }
  std::uint32_t y = mt_[index_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

double PythonRandom::random() {
  const std::uint32_t a = next_u32() >> 5, b = next_u32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

std::vector<std::uint64_t> ostep_addresses(std::uint32_t seed, std::size_t numaddrs, std::uint64_t maxpage) {
  PythonRandom random(seed);
  std::vector<std::uint64_t> pages;
  for (std::size_t i = 0; i < numaddrs; ++i) {
    pages.push_back(static_cast<std::uint64_t>(static_cast<double>(maxpage) * random.random()));
  }
  return pages;
}

}  // namespace paging_lab
