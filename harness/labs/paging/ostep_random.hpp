// OSTEP's random reference strings: Python's random.random() (MT19937 seeded like random.seed(int)),
// so `./labs paging --seed S --numaddrs N` accesses the same pages as `paging-policy.py -s S -n N`.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace paging_lab {

// Python's Mersenne Twister: the same numbers as `random.seed(seed); random.random()` for seeds below 2^32.
class PythonRandom {
 public:
  explicit PythonRandom(std::uint32_t seed);
  std::uint32_t next_u32();  // genrand_int32
  double random();           // 53 random bits in [0, 1), as Python's random.random()

 private:
  std::array<std::uint32_t, 624> mt_{};
  std::size_t index_ = 624;
};

// paging-policy.py's addresses: `numaddrs` times int(maxpage * random.random()).
std::vector<std::uint64_t> ostep_addresses(std::uint32_t seed, std::size_t numaddrs, std::uint64_t maxpage);

}  // namespace paging_lab
