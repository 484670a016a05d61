// cpu_share: how busy a thread was over an interval, from two CPU-time samples.
#include "harness/checkers.hpp"

namespace harness {

double cpu_share(std::chrono::nanoseconds cpu_before, std::chrono::nanoseconds cpu_after,
                 std::chrono::nanoseconds interval) noexcept {
  if (interval.count() <= 0 || cpu_after <= cpu_before) return 0.0;
  return static_cast<double>((cpu_after - cpu_before).count()) / static_cast<double>(interval.count());
}

}  // namespace harness
