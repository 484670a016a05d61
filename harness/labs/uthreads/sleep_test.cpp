// Graded tests of the alarm clock: sleepers wake in tick order, never early, and use no CPU while asleep.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include <harness/harness.hpp>

#include "uth_world.hpp"

namespace uthreads_lab {
namespace {

constexpr int kSleepers = 6;
constexpr std::uint64_t kDurations[kSleepers] = {30, 10, 50, 20, 40, 5};

struct SleepRecord {
  std::uint64_t start = 0;
  std::uint64_t woke = 0;
};
SleepRecord records[kSleepers];
EventLog* wake_log = nullptr;

void sleeper(void* arg) {
  const int me = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
  records[me].start = lab::hw::counters().ticks;
  World::current().sleep(kDurations[me]);
  records[me].woke = lab::hw::counters().ticks;
  wake_log->add(me);
  harness::progress();
}

TEST(Sleep, SleepersWakeInTickOrder) {
  World world;
  EventLog log;
  wake_log = &log;
  int ids[kSleepers];
  for (int s = 0; s < kSleepers; ++s) ids[s] = world.create(&sleeper, reinterpret_cast<void*>(std::intptr_t{s}));
  world.start_timer(1000);
  for (int id : ids) world.join(id);
  world.stop_timer();
  for (int s = 0; s < kSleepers; ++s) {
    check(records[s].woke >= records[s].start + kDurations[s],
          msg("a thread called sleep(", kDurations[s], ") at tick ", records[s].start, " but ran again at tick ",
              records[s].woke, ": too early"));
  }
  std::vector<int> expected(kSleepers);
  std::iota(expected.begin(), expected.end(), 0);
  std::stable_sort(expected.begin(), expected.end(), [](int a, int b) {
    return records[a].start + kDurations[a] < records[b].start + kDurations[b];
  });
  check(log.events() == expected,
        msg("sleepers must wake in the order of the tick they are due at: expected threads ", to_string(expected),
            ", got ", to_string(log.events()), "\n(threads 0..5 sleep 30, 10, 50, 20, 40, 5 ticks)"));
}

void sleep_long(void*) { World::current().sleep(40); }

TEST(Sleep, SleepersUseNoCpu) {
  World world;
  int ids[3];
  for (int& id : ids) id = world.create(&sleep_long, nullptr);
  world.start_timer(1000);
  const auto before = lab::hw::counters();
  for (int id : ids) world.join(id);
  world.stop_timer();
  const auto after = lab::hw::counters();
  harness::progress();
  const std::uint64_t ticks = after.ticks - before.ticks;
  const std::uint64_t halted = after.halted_ticks - before.halted_ticks;
  check(ticks >= 40, msg("three threads slept 40 ticks but only ", ticks, " ticks passed"));
  check(halted * 2 >= ticks,
        msg("while every thread slept, only ", halted, " of ", ticks, " ticks found the CPU halted: sleep must take "
            "the thread off the ready list (and schedule() call lab::halt when nothing is ready) instead of checking "
            "the time in a loop"));
}

}  // namespace
}  // namespace uthreads_lab
