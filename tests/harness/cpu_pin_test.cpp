// Unit tests of CpuPin: one CPU for the pinning thread and what it starts, the old CPU set afterwards.
#include <gtest/gtest.h>
#include <sched.h>

#include <thread>

#include "cpu_pin.hpp"

namespace {

cpu_set_t cpus_of_this_thread() {
  cpu_set_t set;
  CPU_ZERO(&set);
  EXPECT_EQ(::sched_getaffinity(0, sizeof set, &set), 0);
  return set;
}

TEST(CpuPin, OneCpuWhilePinnedForTheThreadAndWhatItStartsThenTheOldSet) {
  const cpu_set_t before = cpus_of_this_thread();
  if (CPU_COUNT(&before) < 2) GTEST_SKIP() << "this thread may run on one CPU only";
  {
    harness::CpuPin pin;
    ASSERT_TRUE(pin.pinned());
    const cpu_set_t during = cpus_of_this_thread();
    ASSERT_EQ(CPU_COUNT(&during), 1);
    int cpu = 0;
    while (!CPU_ISSET(cpu, &during)) ++cpu;
    EXPECT_TRUE(CPU_ISSET(cpu, &before)) << "pinned to a CPU the thread was not allowed on";
    cpu_set_t child{};
    std::thread([&] { child = cpus_of_this_thread(); }).join();
    EXPECT_TRUE(CPU_EQUAL(&child, &during)) << "a thread started while pinned runs on the same one CPU";
    pin.rebalance();  // right after pinning: no check is due, nothing moves
    const cpu_set_t after_rebalance = cpus_of_this_thread();
    EXPECT_TRUE(CPU_EQUAL(&after_rebalance, &during));
  }
  const cpu_set_t after = cpus_of_this_thread();
  EXPECT_TRUE(CPU_EQUAL(&after, &before));
}

TEST(CpuPin, ThreadOnOneCpuAlreadyIsLeftAlone) {
  const cpu_set_t before = cpus_of_this_thread();
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(::sched_getcpu(), &one);
  ASSERT_EQ(::sched_setaffinity(0, sizeof one, &one), 0);
  {
    harness::CpuPin pin;
    EXPECT_FALSE(pin.pinned());
  }
  const cpu_set_t after = cpus_of_this_thread();
  EXPECT_TRUE(CPU_EQUAL(&after, &one));
  ASSERT_EQ(::sched_setaffinity(0, sizeof before, &before), 0);
}

}  // namespace
