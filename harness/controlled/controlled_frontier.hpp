// The bounded search's frontier: schedules still to run, fewest preemptions first, then fewest deviations.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <utility>
#include <vector>

#include "controlled_runtime.hpp"

namespace harness::controlled {

// What choosing `thread` at decision `d`, instead of the default, costs the bounded search. A preemption
// (switching away from a thread that could go on) costs 1, and so does a spurious wake-up. So does any
// other choice while the current thread could go on, at its yield or relax too: else every extra spin
// round would be free, and the level without a preemption would never end. Picking another thread when
// the current one blocks or ends is free: that is a choice, not an interruption.
inline int deviation_cost(const Decision& d, int thread) noexcept {
  const bool current_can_go_on = d.current >= 0 && (d.ready >> d.current & 1) != 0;
  const bool spurious = (d.blocked >> thread & 1) != 0;
  return current_can_go_on || spurious ? 1 : 0;
}

// Contract: pop() returns, of the schedules pushed and not yet popped, one with the fewest preemptions
// (summed deviation costs); among those, one with the fewest deviations; among those, the first pushed.
// So a search that runs what it pops finds a failure with the fewest preemptions first.
class BoundedFrontier {
 public:
  struct Entry {
    std::vector<Deviation> deviations;
    int preemptions = 0;
  };

  BoundedFrontier() { push({}, 0); }  // the default schedule: no deviation

  void push(std::vector<Deviation> deviations, int preemptions) {
    const std::size_t count = deviations.size();
    levels_[{preemptions, count}].push_back(std::move(deviations));
    ++size_;
  }

  // Precondition: !empty().
  Entry pop() {
    const auto level = levels_.begin();
    Entry entry{std::move(level->second.front()), level->first.first};
    level->second.pop_front();
    if (level->second.empty()) levels_.erase(level);
    --size_;
    return entry;
  }

  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }

 private:
  std::map<std::pair<int, std::size_t>, std::deque<std::vector<Deviation>>> levels_;
  std::size_t size_ = 0;
};

}  // namespace harness::controlled
