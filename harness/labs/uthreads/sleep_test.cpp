// Graded tests of the alarm clock: sleepers wake in tick order, never early, and use no CPU while asleep.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
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

// ---- the exact tick: deterministic time (no timer), ticks come from a ticker thread or from halts -------

struct ExactSleep {
  std::uint64_t duration = 0;
  std::uint64_t called_at = 0;
  std::uint64_t returned_at = 0;
  bool returned = false;
};
constexpr int kExact = 5;
ExactSleep exact[kExact];
std::atomic<int> exact_returned{0};

std::uint64_t tick_count() { return lab::hw::counters().ticks; }  // no timer: nothing ticks behind our back

void exact_sleeper(void* arg) {
  ExactSleep& me = *static_cast<ExactSleep*>(arg);
  me.called_at = tick_count();
  World::current().sleep(me.duration);
  me.returned_at = tick_count();
  me.returned = true;
  exact_returned.fetch_add(1);
  harness::progress();
}

// One tick, then the CPU goes to whoever is ready: a sleeper due at this tick runs before the next one.
void exact_ticker(void* arg) {
  const int sleepers = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
  for (int i = 0; i < 100 && exact_returned.load() < sleepers; ++i) {
    World::current().tick();
    World::current().yield();
    harness::progress();
  }
}

// Sleepers of these durations, all asleep at tick 0; with a ticker thread that yields after every tick
// (a sleeper wakes while another thread runs) or without (it wakes while the CPU halts).
bool exact_round(const std::uint64_t (&durations)[kExact], bool with_ticker) {
  World world(World::Options{false, 2, 5, true});
  world.machine().use_deterministic_time(10000, 1000);  // a sleep that busy-waits sees time pass too
  exact_returned = 0;
  int ids[kExact + 1];
  for (int s = 0; s < kExact; ++s) {
    exact[s] = ExactSleep{durations[s]};
    ids[s] = world.create(&exact_sleeper, &exact[s]);
  }
  if (with_ticker) ids[kExact] = world.create(&exact_ticker, reinterpret_cast<void*>(std::intptr_t{kExact}));
  for (int s = 0; s < kExact + (with_ticker ? 1 : 0); ++s) world.join(ids[s]);
  for (const ExactSleep& s : exact) {
    if (s.returned_at == s.called_at + s.duration) continue;
    const std::uint64_t due = s.called_at + s.duration;
    return check(false, msg("sleep(", s.duration, ") called at tick ", s.called_at, " returned at tick ", s.returned_at,
                            ", ", s.returned_at > due ? s.returned_at - due : due - s.returned_at, " tick(s) ",
                            s.returned_at > due ? "late" : "early", ": a sleeper must be ready at the very tick it is due (",
                            due, ") and then run before the next tick, ", with_ticker ? "as the only other thread yields "
                            "after every tick" : "as the CPU has nothing else to do", "\n(sleepers of ",
                            durations[0], ", ", durations[1], ", ", durations[2], ", ", durations[3], ", ", durations[4],
                            " ticks from tick 0; no timer runs: ", with_ticker ? "a thread calls tick() and then yields, "
                            "again and again" : "each lab::halt gets the next tick at once", ")"));
  }
  return true;
}

TEST(Sleep, WakesOnItsExactTick) {
  const std::uint64_t durations[kExact] = {3, 1, 4, 1, 6};
  if (!exact_round(durations, true)) return;
  exact_round(durations, false);
}

}  // namespace
}  // namespace uthreads_lab
