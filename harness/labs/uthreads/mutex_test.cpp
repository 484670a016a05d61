// Graded tests of the blocking mutex: FIFO hand-over, and waiters that leave the ready list.
#include <gtest/gtest.h>

#include <harness/harness.hpp>

#include "uth_world.hpp"

namespace uthreads_lab {
namespace {

void* shared_mutex = nullptr;
EventLog* order_log = nullptr;

void lock_record_unlock(void* arg) {
  World& world = World::current();
  world.lock(shared_mutex);
  order_log->add(static_cast<int>(reinterpret_cast<std::intptr_t>(arg)));
  harness::progress();
  world.unlock(shared_mutex);
}

TEST(Mutex, HandsOverInFifoOrder) {
  World world;
  EventLog log;
  order_log = &log;
  shared_mutex = world.new_mutex();
  world.lock(shared_mutex);
  int ids[5];
  for (int t = 0; t < 5; ++t) ids[t] = world.create(&lock_record_unlock, reinterpret_cast<void*>(std::intptr_t{t + 1}));
  world.yield();  // threads 1..5 run in order and each finds the mutex locked
  world.unlock(shared_mutex);
  world.lock(shared_mutex);  // thread 0 asks again at once: it must queue behind the five waiters
  log.add(0);
  world.unlock(shared_mutex);
  for (int id : ids) world.join(id);
  const std::vector<int> expected{1, 2, 3, 4, 5, 0};
  check(log.events() == expected,
        msg("unlock must hand the mutex to the first waiter (FIFO): the threads got it in the order ",
            to_string(log.events()), ", expected ", to_string(expected), "\n(thread 0 holds the mutex while "
            "threads 1..5 ask for it in that order; then thread 0 unlocks and at once locks again)"));
}

TEST(Mutex, WaitersLeaveTheReadyList) {
  World world;
  EventLog log;
  order_log = &log;
  shared_mutex = world.new_mutex();
  world.lock(shared_mutex);
  int ids[4];
  for (int t = 0; t < 4; ++t) ids[t] = world.create(&lock_record_unlock, reinterpret_cast<void*>(std::intptr_t{t + 1}));
  world.start_timer(1000);
  world.yield();  // the four waiters block on the mutex
  const auto before = lab::hw::counters();
  world.sleep(30);  // holding the mutex: nothing can run, the CPU must halt
  const auto after = lab::hw::counters();
  world.unlock(shared_mutex);
  for (int id : ids) world.join(id);
  world.stop_timer();
  const std::uint64_t ticks = after.ticks - before.ticks;
  const std::uint64_t halted = after.halted_ticks - before.halted_ticks;
  const std::uint64_t switches = after.switches - before.switches;
  check(log.size() == 4, "every waiter must get the mutex once it is unlocked");
  check(switches <= 10, msg("while thread 0 slept holding the mutex, ", switches, " context switches happened: "
                            "threads waiting for a mutex must leave the ready list until unlock, not yield in a loop"));
  check(halted * 2 >= ticks, msg("while thread 0 slept holding the mutex and the others waited for it, only ",
                                 halted, " of ", ticks, " ticks found the CPU halted"));
}

}  // namespace
}  // namespace uthreads_lab
