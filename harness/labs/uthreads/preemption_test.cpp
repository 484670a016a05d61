// Graded tests with the timer running: threads that never yield are preempted; a fast-timer stress run.
#include <gtest/gtest.h>

#include <atomic>

#include <harness/harness.hpp>

#include "uth_world.hpp"

namespace uthreads_lab {
namespace {

constexpr int kHogs = 3;
constexpr int kHandovers = 30;
// Correct preemption needs about kHandovers quanta (60 ticks); a tick handler that keeps the same thread
// on the CPU would spin until the watchdog, whose diagnosis cannot say why. Counted in ticks, not time,
// so a loaded machine does not change the verdict.
constexpr std::uint64_t kTickBudget = 600;
std::atomic<int> last_runner{-1};
std::atomic<int> handovers{0};

std::uint64_t ticks_so_far() {
  lab::InterruptsOff off;  // the counters are written by the tick handler
  return lab::hw::counters().ticks;
}

// Spins without ever yielding; counts how often it finds that another hog ran since it last looked.
// Only preemption by the timer can take the CPU away from it.
void hog(void* arg) {
  const int me = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
  while (handovers.load(std::memory_order_relaxed) < kHandovers && ticks_so_far() < kTickBudget) {
    if (last_runner.load(std::memory_order_relaxed) != me) {
      last_runner.store(me, std::memory_order_relaxed);
      handovers.fetch_add(1, std::memory_order_relaxed);
      harness::progress();
    }
  }
}

TEST(Preemption, NeverYieldingThreadsShareTheCpu) {
  World world;
  last_runner = -1;
  handovers = 0;
  int ids[kHogs];
  for (int h = 0; h < kHogs; ++h) ids[h] = world.create(&hog, reinterpret_cast<void*>(std::intptr_t{h}));
  world.start_timer(1000);
  for (int id : ids) world.join(id);
  world.stop_timer();
  check(handovers.load() >= kHandovers,
        msg("in ", kTickBudget, " timer ticks the CPU passed between three threads that never yield ",
            handovers.load(), " times (", kHandovers, " expected): the timer tick must preempt the running "
            "one after its quantum and put it at the BACK of the ready list"));
}

// ---- many threads, a fast timer, a mutex, sleeps, yields and nested creation --------------------------

constexpr int kStressThreads = 40;
constexpr int kIterations = 150;
constexpr int kChildIterations = 40;

struct Stress {
  void* mutex = nullptr;
  volatile int holder = -1;
  volatile long counter = 0;
  std::atomic<int> overlaps{0};
  std::atomic<int> finished[kStressThreads + 1] = {};
  std::atomic<int> children_done{0};
};
Stress* stress = nullptr;

void critical_loop(int me, int iterations) {
  World& world = World::current();
  for (int i = 0; i < iterations; ++i) {
    world.lock(stress->mutex);
    if (stress->holder != -1) stress->overlaps.fetch_add(1);
    stress->holder = me;
    const long value = stress->counter;
    for (int spin = 0; spin < 1000; ++spin) asm volatile("" ::: "memory");  // a window for the timer
    stress->counter = value + 1;
    stress->holder = -1;
    world.unlock(stress->mutex);
    if (i % 10 == 3) world.yield();
    if (i % 40 == 7) world.sleep(1 + static_cast<std::uint64_t>(me % 3));
    harness::progress();
  }
}

void stress_child(void* arg) {
  critical_loop(1000 + static_cast<int>(reinterpret_cast<std::intptr_t>(arg)), kChildIterations);
  stress->children_done.fetch_add(1);
}

void stress_thread(void* arg) {
  const int me = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
  int child = 0;
  if (me % 5 == 0) child = World::current().create(&stress_child, arg);
  critical_loop(me, kIterations);
  if (child != 0) World::current().join(child);
  stress->finished[me].fetch_add(1);
}

TEST(Stress, FastTimerManyThreads) {
  World world(World::Options{false, 1, 5});
  Stress state;
  stress = &state;
  state.mutex = world.new_mutex();
  const std::int64_t stacks_before = lab::hw::counters().live_stacks;
  world.start_timer(200);
  int ids[kStressThreads];
  for (int t = 0; t < kStressThreads; ++t) ids[t] = world.create(&stress_thread, reinterpret_cast<void*>(std::intptr_t{t}));
  for (int id : ids) world.join(id);
  world.stop_timer();
  const int children = kStressThreads / 5;
  const long expected = long{kStressThreads} * kIterations + long{children} * kChildIterations;
  check(state.overlaps.load() == 0, msg(state.overlaps.load(), " times two threads were inside the mutex at once"));
  check(state.counter == expected, msg("increments under the mutex were lost or repeated: the counter is ",
                                       state.counter, ", expected ", expected));
  check(state.children_done.load() == children,
        msg(state.children_done.load(), " of the ", children, " threads created by threads ran to the end"));
  for (int t = 0; t < kStressThreads; ++t) {
    check(state.finished[t].load() == 1, msg("thread ", t, " ran to its end ", state.finished[t].load(),
                                             " times instead of once (a lost or duplicated thread)"));
  }
  check(lab::hw::counters().live_stacks == stacks_before, "every joined thread's stack must be freed");
  check(lab::hw::counters().ticks > 0, "the timer never ticked");
}

}  // namespace
}  // namespace uthreads_lab
