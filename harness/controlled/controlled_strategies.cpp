// The controlled scheduler's search strategies: random walk, PCT, and replay of listed deviations.
#include <algorithm>
#include <map>

#include "controlled_runtime.hpp"
#include "splitmix.hpp"

namespace harness::controlled {
namespace {

// Spurious wake-ups are part of the explored behaviour but rare: correct waiters re-check and sleep
// again, and too many would only lengthen every schedule.
constexpr std::uint64_t kSpuriousOneIn = 32;

int nth_bit(std::uint64_t mask, std::uint64_t n) {
  for (; n > 0; --n) mask &= mask - 1;
  return __builtin_ctzll(mask);
}

// Uniform among the threads that can run; now and then a spurious wake-up of a sleeper instead.
class RandomWalk : public Strategy {
 public:
  explicit RandomWalk(std::uint64_t seed) { rng_.state = seed; }
  int choose(const Decision& d) override {
    if (d.blocked != 0 && rng_.next() % kSpuriousOneIn == 0) {
      return nth_bit(d.blocked, rng_.next() % static_cast<std::uint64_t>(__builtin_popcountll(d.blocked)));
    }
    return nth_bit(d.ready, rng_.next() % static_cast<std::uint64_t>(__builtin_popcountll(d.ready)));
  }

 private:
  SplitMix rng_;
};

// PCT (Burckhardt et al., 2010): the highest-priority ready thread runs; every thread gets a random
// priority above `depth`; at d-1 random steps the running thread drops to priority 1..d-1. A thread that
// yields or relaxes drops below everybody, so a spin loop cannot starve the thread it waits for.
class Pct : public Strategy {
 public:
  Pct(std::uint64_t seed, int depth, long estimated_steps) : depth_(std::max(depth, 1)) {
    rng_.state = seed;
    const std::uint64_t range = static_cast<std::uint64_t>(std::max(estimated_steps, 1L));
    for (int i = 1; i < depth_; ++i) change_points_[static_cast<long>(rng_.next() % range)] = depth_ - i;
  }
  void on_new_thread(int id) override {
    priority_[id] = depth_ + static_cast<long>(rng_.next() >> 16);
  }
  int choose(const Decision& d) override {
    if (d.current >= 0) {
      const auto change = change_points_.find(d.step);
      if (change != change_points_.end()) priority_[d.current] = change->second;
      if (d.current_yields) priority_[d.current] = --lowest_;
    }
    int best = -1;
    for (std::uint64_t ready = d.ready; ready != 0; ready &= ready - 1) {
      const int id = __builtin_ctzll(ready);
      if (best < 0 || priority_[id] > priority_[best]) best = id;
    }
    return best;
  }

 private:
  int depth_;
  SplitMix rng_;
  std::map<long, long> change_points_;  // step -> the priority the running thread drops to
  std::map<int, long> priority_;
  long lowest_ = 0;
};

// The default choice everywhere except at the listed steps.
class Replay : public Strategy {
 public:
  Replay(std::vector<Deviation> deviations, bool strict) : strict_(strict) {
    for (const Deviation& d : deviations) at_[d.step] = d.thread;
  }
  int choose(const Decision& d) override {
    const auto listed = at_.find(d.step);
    if (listed == at_.end()) return d.fallback;
    const bool possible = listed->second < 64 && ((d.ready | d.blocked) >> listed->second & 1);
    if (possible) return listed->second;
    return strict_ ? -1 : d.fallback;
  }

 private:
  bool strict_;
  std::map<long, int> at_;
};

}  // namespace

std::unique_ptr<Strategy> random_walk(std::uint64_t seed) { return std::make_unique<RandomWalk>(seed); }

std::unique_ptr<Strategy> pct(std::uint64_t seed, int depth, long estimated_steps) {
  return std::make_unique<Pct>(seed, depth, estimated_steps);
}

std::unique_ptr<Strategy> replay(std::vector<Deviation> deviations, bool strict) {
  return std::make_unique<Replay>(std::move(deviations), strict);
}

}  // namespace harness::controlled
