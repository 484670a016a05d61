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

TEST(Differential, Fifo) { differential(PolicyKind::fifo); }
TEST(Differential, Stcf) { differential(PolicyKind::stcf); }
TEST(Differential, RoundRobin) { differential(PolicyKind::rr); }
TEST(Differential, Priority) { differential(PolicyKind::priority); }
TEST(Differential, Mlfq) { differential(PolicyKind::mlfq); }
TEST(Differential, Lottery) { differential(PolicyKind::lottery); }
TEST(Differential, Stride) { differential(PolicyKind::stride); }

}  // namespace
}  // namespace scheduler_lab
