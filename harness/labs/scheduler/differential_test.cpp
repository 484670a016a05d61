// Graded tests: each policy against the oracle on 250 random workloads (200 fixed, 50 from the run's seed).
#include <gtest/gtest.h>

#include <harness/run_context.hpp>

#include "sched_check.hpp"

namespace scheduler_lab {
namespace {

// Workload i: 3-7 jobs; quanta 1-3 and MLFQ boost periods 10, 15, 20 in turn, so every rule gets exercised.
Case random_case(PolicyKind kind, std::uint64_t seed, int i) {
  Case c;
  c.kind = kind;
  c.seed = seed;
  c.jobs = lab::sched::random_workload(seed, 3 + i % 5);
  c.params.quantum = 1 + i % 3;
  c.params.mlfq_boost = 10 + 5 * (i % 3);
  return c;
}

void differential(PolicyKind kind) {
  for (int i = 0; i < 250; ++i) {
    const std::uint64_t seed = i < 200 ? static_cast<std::uint64_t>(i + 1) : harness::seed() * 1000 + static_cast<std::uint64_t>(i);
    if (!expect_schedule(random_case(kind, seed, i))) return;
  }
}

// MLFQ workloads that spend most of their time at the bottom level: few levels with allotments of 1-3
// ticks above it, a bottom allotment that is not a multiple of the bottom quantum (so its end is seen
// apart from the quantum's), CPU bursts twice as long, and a boost that is rare or never comes.
Case bottom_level_case(std::uint64_t seed, int i) {
  struct Levels {
    std::vector<lab::sched::Tick> quanta, allotments;
  };
  static const Levels kLevels[] = {{{1, 2, 3}, {1, 2, 5}}, {{1, 3}, {2, 4}}, {{2, 2, 2}, {2, 2, 3}}, {{1, 2, 4}, {1, 3, 6}}};
  Case c;
  c.kind = PolicyKind::mlfq;
  c.seed = seed;
  c.jobs = lab::sched::random_workload(seed, 3 + i % 4);
  for (lab::sched::Job& job : c.jobs) {
    for (std::size_t b = 0; b < job.bursts.size(); b += 2) job.bursts[b] *= 2;
  }
  const Levels& levels = kLevels[i % 4];
  c.params.mlfq_quanta = levels.quanta;
  c.params.mlfq_allotments = levels.allotments;
  c.params.mlfq_boost = i % 2 == 0 ? 0 : 40;
  return c;
}

TEST(Differential, MlfqBottomLevel) {
  for (int i = 0; i < 200; ++i) {
    if (!expect_schedule(bottom_level_case(static_cast<std::uint64_t>(5000 + i), i))) return;
  }
}

TEST(Differential, Fifo) { differential(PolicyKind::fifo); }
TEST(Differential, Stcf) { differential(PolicyKind::stcf); }
TEST(Differential, RoundRobin) { differential(PolicyKind::rr); }
TEST(Differential, Priority) { differential(PolicyKind::priority); }
TEST(Differential, Mlfq) { differential(PolicyKind::mlfq); }
TEST(Differential, Lottery) { differential(PolicyKind::lottery); }
TEST(Differential, Stride) { differential(PolicyKind::stride); }

}  // namespace
}  // namespace scheduler_lab
