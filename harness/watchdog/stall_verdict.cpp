// judge_stall: deadlock, livelock or "not enough evidence yet" from per-thread CPU use and scheduler states.
#include "stall_verdict.hpp"

#include <algorithm>

namespace harness {

ThreadActivity activity_of(const ThreadWatch& thread) {
  if (thread.cpu_share >= kBusyShare) return ThreadActivity::busy;
  const bool mostly_runnable =
      thread.samples > 0 && static_cast<double>(thread.runnable_samples) > kStarvedAbove * thread.samples;
  return mostly_runnable ? ThreadActivity::starved : ThreadActivity::blocked;
}

StallKind judge_stall(bool progressed, const std::vector<ThreadWatch>& threads) {
  if (progressed) return StallKind::progressed;
  auto count = [&](ThreadActivity activity) {
    return std::count_if(threads.begin(), threads.end(), [&](const ThreadWatch& t) { return activity_of(t) == activity; });
  };
  // A thread that wanted the CPU and did not get it may be the one that would have made progress.
  if (count(ThreadActivity::starved) > 0) return StallKind::inconclusive;
  return count(ThreadActivity::busy) > 0 ? StallKind::livelock : StallKind::deadlock;
}

}  // namespace harness
