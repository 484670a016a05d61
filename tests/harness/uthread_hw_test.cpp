// Unit tests of the uthreads lab's "hardware": interrupt levels, ticks and halt, stacks, the checked list.
#include <gtest/gtest.h>

#include <lab/uthread_hw.hpp>

#include "harness/expect_usage.hpp"

namespace {

int ticks_seen = 0;
void count_tick(void*) { ++ticks_seen; }

TEST(UthreadHw, InterruptGuardNestsAndRestores) {
  lab::hw::Machine machine(&count_tick, nullptr);
  ASSERT_EQ(lab::intr_get_level(), lab::IntrLevel::on);
  {
    lab::InterruptsOff outer;
    EXPECT_EQ(lab::intr_get_level(), lab::IntrLevel::off);
    {
      lab::InterruptsOff inner;
      EXPECT_EQ(lab::intr_get_level(), lab::IntrLevel::off);
    }
    EXPECT_EQ(lab::intr_get_level(), lab::IntrLevel::off) << "an inner guard must restore off, not on";
  }
  EXPECT_EQ(lab::intr_get_level(), lab::IntrLevel::on);
}

TEST(UthreadHw, TickIsDeferredWhileInterruptsAreOff) {
  lab::hw::Machine machine(&count_tick, nullptr);
  ticks_seen = 0;
  machine.tick();
  EXPECT_EQ(ticks_seen, 1) << "a tick with interrupts on is handled at once";
  lab::intr_disable();
  machine.tick();
  EXPECT_EQ(ticks_seen, 1) << "a tick with interrupts off waits";
  lab::intr_enable();
  EXPECT_EQ(ticks_seen, 2) << "and is handled when they are enabled";
  EXPECT_EQ(lab::hw::counters().ticks, 2u);
}

TEST(UthreadHw, HaltWaitsForTheNextTickAndCountsIt) {
  lab::hw::Machine machine(&count_tick, nullptr);
  ticks_seen = 0;
  machine.start_timer(1000);
  lab::InterruptsOff off;
  for (int i = 0; i < 5; ++i) lab::halt();
  EXPECT_EQ(lab::intr_get_level(), lab::IntrLevel::off) << "halt returns with interrupts off";
  EXPECT_GE(ticks_seen, 5);
  EXPECT_EQ(lab::hw::counters().halted_ticks, 5u);
  EXPECT_EQ(lab::hw::counters().halts, 5u);
}

TEST(UthreadHw, MachineRestoresTheSignalMaskAndDropsAPendingTick) {
  {
    lab::hw::Machine machine(&count_tick, nullptr);
    lab::intr_disable();
    machine.tick();  // pending when the machine goes away: must not kill the process
  }
  EXPECT_EQ(lab::intr_get_level(), lab::IntrLevel::on);
}

TEST(UthreadHw, DeterministicTimeTicksAtEveryHaltAndNowhereElse) {
  lab::hw::Machine machine(&count_tick, nullptr);
  machine.use_deterministic_time();
  ticks_seen = 0;
  {
    lab::InterruptsOff off;
    for (int i = 0; i < 3; ++i) lab::halt();
  }
  EXPECT_EQ(ticks_seen, 3) << "each halt gets exactly one tick, at once";
  for (int i = 0; i < 1000; ++i) lab::InterruptsOff off;
  EXPECT_EQ(ticks_seen, 3) << "without the slow clock only halts and tick() tick";
  machine.use_deterministic_time(10000, 100);
  for (int i = 0; i < 1000; ++i) lab::InterruptsOff off;
  EXPECT_EQ(ticks_seen, 13) << "the slow clock ticks after every 100 enablings";
}

TEST(UthreadHw, ForcedTickComesAtTheChosenLevelChangeAndNamesIt) {
  lab::hw::Machine machine(&count_tick, nullptr);
  machine.use_deterministic_time();
  ticks_seen = 0;
  machine.force_tick_at_level_change(3);
  lab::intr_disable();  // change 1
  lab::intr_enable();   // change 2
  EXPECT_EQ(ticks_seen, 0);
  const int line = __LINE__ + 1;
  lab::intr_disable();  // change 3: the tick comes just before interrupts go off
  EXPECT_EQ(ticks_seen, 1);
  lab::hw::ForcedTick forced = lab::hw::forced_tick();
  EXPECT_TRUE(forced.delivered);
  EXPECT_TRUE(forced.before_off);
  EXPECT_EQ(forced.where.line(), static_cast<unsigned>(line));
  EXPECT_EQ(forced.ticks, 1u);
  lab::intr_enable();
  machine.force_tick_at_level_change(1);
  { lab::InterruptsOff off; }  // change 1: the guard turns interrupts off
  EXPECT_EQ(ticks_seen, 2) << "a forced tick just before off is handled with interrupts still on";
  machine.force_tick_at_level_change(2);
  lab::intr_disable();
  lab::intr_enable();  // change 2: just after interrupts come on
  forced = lab::hw::forced_tick();
  EXPECT_EQ(ticks_seen, 3);
  EXPECT_FALSE(forced.before_off);
  EXPECT_EQ(lab::hw::level_changes(), 2u);
}

TEST(UthreadHw, DeterministicCpuThatHaltsForeverEndsTheTest) {
  EXPECT_EXIT(
      {
        lab::hw::Machine machine(&count_tick, nullptr);
        machine.use_deterministic_time(50);
        lab::InterruptsOff off;
        for (;;) lab::halt();
      },
      testing::ExitedWithCode(1), "every thread is blocked for good");
}

struct Item {
  int value = 0;
  lab::ListNode node;
};

TEST(UthreadHw, ThreadListIsFifoAndScannable) {
  lab::hw::Machine machine(&count_tick, nullptr);
  lab::InterruptsOff off;
  Item items[3] = {{1, {}}, {2, {}}, {3, {}}};
  lab::ThreadList<Item> list;
  for (Item& item : items) list.push_back(&item);
  EXPECT_EQ(list.size(), 3u);
  int sum = 0;
  for (Item* i = list.front(); i != nullptr; i = list.next(i)) sum = sum * 10 + i->value;
  EXPECT_EQ(sum, 123);
  list.remove(&items[1]);
  list.push_front(&items[1]);
  EXPECT_EQ(list.pop_front()->value, 2);
  EXPECT_EQ(list.pop_front()->value, 1);
  EXPECT_EQ(list.pop_front()->value, 3);
  EXPECT_EQ(list.pop_front(), nullptr);
  EXPECT_TRUE(list.empty());
}

TEST(UthreadHw, ThreadListReportsInterruptsOnAndDoublePush) {
  lab::hw::Machine machine(&count_tick, nullptr);
  Item a;
  lab::ThreadList<Item> list;
  lab::ThreadList<Item> other;
  harness::ExpectUsageErrors expected;
  list.push_back(&a);  // interrupts on
  EXPECT_EQ(expected.count(), 1u);
  lab::InterruptsOff off;
  other.push_back(&a);  // already on `list`
  EXPECT_EQ(expected.count(), 2u);
  EXPECT_TRUE(other.empty()) << "a refused push leaves the list unchanged";
  other.remove(&a);  // not on `other`
  EXPECT_EQ(expected.count(), 3u);
  list.remove(&a);
  EXPECT_EQ(expected.count(), 3u);
}

TEST(UthreadHw, StacksAreAlignedAndCounted) {
  const std::int64_t before = lab::hw::counters().live_stacks;
  {
    lab::Stack stack(1000);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(stack.base()) % 16, 0u);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(stack.top()) % 16, 0u);
    EXPECT_GE(stack.size(), 1000u);
    EXPECT_EQ(lab::hw::counters().live_stacks, before + 1);
  }
  EXPECT_EQ(lab::hw::counters().live_stacks, before);
}

}  // namespace
