// Unit tests of lab::futex_wait / futex_wait_for / futex_wake and their counters.
#include <gtest/gtest.h>

#include <chrono>
#include <harness/harness.hpp>
#include <lab/lab.hpp>
#include <thread>

namespace {

using namespace std::chrono_literals;

TEST(Futex, WaitReturnsAtOnceWhenTheValueDiffers) {
  lab::atomic<std::uint32_t> word{1};
  const harness::FutexCounts before = harness::futex_counts();
  const harness::ThreadProbe probe = harness::current_thread_probe();
  const std::uint64_t waits_before = probe.futex_waits();
  const std::uint64_t wait_ops_before = probe.wait_ops();
  lab::futex_wait(word, 0u);
  EXPECT_EQ(harness::futex_counts().waits, before.waits + 1);
  EXPECT_EQ(probe.futex_waits(), waits_before + 1);
  EXPECT_EQ(probe.wait_ops(), wait_ops_before + 1);
}

TEST(Futex, WaitForTimesOutWhenNobodyWakes) {
  lab::atomic<std::uint32_t> word{0};
  EXPECT_FALSE(lab::futex_wait_for(word, 0u, 2ms));
  EXPECT_TRUE(lab::futex_wait_for(word, 7u, 2ms)) << "a differing value is not a timeout";
}

TEST(Futex, WakeWithoutSleepersWakesNobody) {
  lab::atomic<std::uint32_t> word{0};
  const harness::FutexCounts before = harness::futex_counts();
  EXPECT_EQ(lab::futex_wake(word, lab::kWakeAll), 0);
  EXPECT_EQ(harness::futex_counts().wakes, before.wakes + 1);
  EXPECT_EQ(harness::futex_counts().woken, before.woken);
  EXPECT_EQ(harness::current_thread_probe().futex_wakes(), 1u);
}

// The sleeper waits once (no loop), so it can only finish by being woken: keep waking until one wake
// reports a woken thread. No sleep decides the verdict.
TEST(Futex, WakeWakesASleeper) {
  lab::atomic<std::uint32_t> word{0};
  const harness::FutexCounts before = harness::futex_counts();
  harness::TestThread sleeper("sleeper", [&] { lab::futex_wait(word, 0u); });
  ASSERT_TRUE(harness::wait_until_waiting(sleeper, "the sleeper"));
  int woken = 0;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (woken == 0 && std::chrono::steady_clock::now() < deadline) {
    woken = lab::futex_wake(word, 1);
    if (woken == 0) std::this_thread::sleep_for(100us);
  }
  sleeper.join();
  EXPECT_EQ(woken, 1);
  EXPECT_TRUE(sleeper.probe().finished());
  EXPECT_EQ(sleeper.probe().futex_waits(), 1u);
  const harness::FutexCounts after = harness::futex_counts();
  EXPECT_EQ(after.waits, before.waits + 1);
  EXPECT_EQ(after.woken, before.woken + 1);
  EXPECT_GE(after.wakes, before.wakes + 1);
}

TEST(CpuOps, RelaxAndYieldCountAsWaiting) {
  const harness::ThreadProbe probe = harness::current_thread_probe();
  const std::uint64_t before = probe.wait_ops();
  lab::cpu_relax();
  lab::yield();
  EXPECT_EQ(probe.wait_ops(), before + 2);
  EXPECT_EQ(probe.futex_waits(), 0u);
}

}  // namespace
