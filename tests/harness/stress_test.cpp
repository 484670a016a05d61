// Unit tests of the stress engine: every thread runs every iteration, in order, and marks progress.
#include <gtest/gtest.h>

#include <atomic>
#include <harness/harness.hpp>
#include <lab/lab.hpp>
#include <vector>

#include "thread_registry.hpp"

namespace {

TEST(Stress, RunsEveryIterationOnEveryThread) {
  constexpr int kThreads = 4;
  constexpr long kIterations = 1000;
  std::atomic<long> total{0};
  std::vector<long> next_expected(kThreads, 0);  // each slot touched only by its own worker
  std::atomic<int> out_of_order{0};
  const std::uint64_t progress_before = harness::progress_count();
  harness::stress({.threads = kThreads, .iterations = kIterations}, [&](harness::StressThread& self, long iteration) {
    auto& expected = next_expected[static_cast<std::size_t>(self.index())];
    if (iteration != expected) out_of_order.fetch_add(1);
    expected = iteration + 1;
    total.fetch_add(1);
  });
  EXPECT_EQ(total.load(), kThreads * kIterations);
  EXPECT_EQ(out_of_order.load(), 0);
  for (long count : next_expected) EXPECT_EQ(count, kIterations);
  EXPECT_GE(harness::progress_count() - progress_before, static_cast<std::uint64_t>(kThreads * kIterations));
}

TEST(Stress, ThreadsGetDistinctSeededRandomness) {
  std::vector<std::uint64_t> first(2, 0);
  harness::stress({.threads = 2, .iterations = 1, .pin_to_cores = false},
                  [&](harness::StressThread& self, long) { first[static_cast<std::size_t>(self.index())] = self.rng().next(); });
  EXPECT_NE(first[0], first[1]);
}

TEST(Stress, CorrectLockPassesTheCriticalSectionCheck) {
  std::atomic<bool> locked{false};
  harness::CriticalSection section;
  constexpr long kIterations = 2000;
  harness::stress({.threads = 2, .iterations = kIterations}, [&](harness::StressThread& self, long) {
    while (locked.exchange(true, std::memory_order_acquire)) lab::cpu_relax();
    section.enter(self.index());
    section.leave(self.index());
    locked.store(false, std::memory_order_release);
  });
  EXPECT_TRUE(section.ok(2 * kIterations)) << section.explain(2 * kIterations);
}

}  // namespace
