// Graded tests without a timer: the exact round-robin interleaving (xv6's uthread) and priority order.
#include <gtest/gtest.h>

#include <harness/harness.hpp>

#include "uth_world.hpp"

namespace uthreads_lab {
namespace {

EventLog* log_of_test = nullptr;

// Thread `letter` records letter*10 + round for rounds 0..2 and yields after each.
void three_rounds(void* arg) {
  const int letter = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
  for (int round = 0; round < 3; ++round) {
    log_of_test->add(letter * 10 + round);
    harness::progress();
    World::current().yield();
  }
}

TEST(RoundRobin, ThreeThreadsInterleaveExactly) {
  World world;
  EventLog log;
  log_of_test = &log;
  int ids[3];
  for (int t = 0; t < 3; ++t) ids[t] = world.create(&three_rounds, reinterpret_cast<void*>(std::intptr_t{t + 1}));
  for (int id : ids) world.join(id);
  const std::vector<int> expected{10, 20, 30, 11, 21, 31, 12, 22, 32};
  check(log.events() == expected,
        msg("round robin must run three yielding threads in turn: expected ", to_string(expected), " but got ",
            to_string(log.events()), "\n(threads 1, 2, 3 record 10*thread + round for rounds 0..2 and yield after "
            "each; thread 0 joins them)"));
  check(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2] && ids[0] > 0,
        msg("create must return distinct thread ids > 0, got ", ids[0], ", ", ids[1], ", ", ids[2]));
}

// Records its priority*10 + 1 when it starts and priority*10 + 2 after one yield.
void start_yield_end(void* arg) {
  const int tag = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
  log_of_test->add(tag * 10 + 1);
  World::current().yield();
  log_of_test->add(tag * 10 + 2);
  harness::progress();
}

TEST(Priority, HighestFirstFifoAmongEquals) {
  World world(World::Options{true, 2, 0});
  EventLog log;
  log_of_test = &log;
  // Tags: the priority, plus 10*k to tell apart equal priorities: A=1, B=3, C=13, D=2, E=23 (prio 3).
  const int priorities[] = {1, 3, 3, 2, 3};
  const int tags[] = {1, 3, 13, 2, 23};
  int ids[5];
  for (int t = 0; t < 5; ++t) {
    ids[t] = world.create(&start_yield_end, reinterpret_cast<void*>(std::intptr_t{tags[t]}), priorities[t]);
  }
  for (int id : ids) world.join(id);
  const std::vector<int> expected{31, 131, 231, 32, 132, 232, 21, 22, 11, 12};
  check(log.events() == expected,
        msg("the highest priority must run first, equal priorities in FIFO order: expected ", to_string(expected),
            " but got ", to_string(log.events()), "\n(threads of priorities 1, 3, 3, 2, 3 with tags 1, 3, 13, 2, "
            "23, created in that order by thread 0 of priority 0, record 10*tag+1 when they start and 10*tag+2 "
            "after one yield)"));
}

void record_and_end(void* arg) { static_cast<EventLog*>(arg)->add(1); }

TEST(Lifecycle, JoinAfterExit) {
  World world;
  EventLog log;
  const int id = world.create(&record_and_end, &log);
  world.yield();  // round robin: the new thread runs to its end before thread 0 runs again
  if (!check(log.size() == 1, "after create and one yield of thread 0, the new thread must have run to its end")) return;
  harness::progress();
  world.join(id);  // the thread is gone already: join must not wait for a wake-up that was sent before
  harness::progress();
  const int second = world.create(&record_and_end, &log);
  world.join(second);  // and joining a thread that has not run yet waits for it
  check(log.size() == 2, "join must return only after the joined thread ran to its end");
}

}  // namespace
}  // namespace uthreads_lab
