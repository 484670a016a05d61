// Graded test: a timer tick at every edge of every interrupts-on window, in turn. Whatever the library
// checks with interrupts on (who owns the mutex, whether a thread has ended, who waits) is stale by then.
#include <gtest/gtest.h>

#include <harness/harness.hpp>

#include "uth_world.hpp"

namespace uthreads_lab {
namespace {

// The scenario, run once per level change: two workers, each creating a child while the other may be
// creating one too; the workers and one child lock mutex M and yield inside it; the other child ends at
// once, before its worker joins it; a pair of threads uses mutex M2 once each, the second after `delay`
// yields (so that it starts waiting for M2 at different points of the first one's unlock).
constexpr int kWorkers = 2;
constexpr int kDelays = 4;                // the second pair thread's yields before it locks M2: 0..3
constexpr std::uint64_t kMaxRuns = 5000;  // level changes of one run; the reference makes about 150

// Threads: workers 0 and 1, their children 2 and 3, the pair 4 and 5.
enum Who { kChild0 = 2, kChild1 = 3, kPair0 = 4, kPair1 = 5, kThreads = 6 };

struct Window {
  int delay = 0;
  void* m = nullptr;
  void* m2 = nullptr;
  volatile int holder = -1;  // of M
  volatile int holder2 = -1;  // of M2
  int overlaps = 0;
  long counter = 0;   // incremented under M
  long counter2 = 0;  // under M2
  int finished[kThreads] = {};
  int joined_too_early = 0;
  int child_ids[kWorkers] = {};
};
Window* window = nullptr;

// Locks `mutex`, yields inside it (the others run; those that want it must wait) and unlocks it.
void critical_section(int me, void* mutex, volatile int& holder, long& counter) {
  World& world = World::current();
  world.lock(mutex);
  if (holder != -1) ++window->overlaps;
  holder = me;
  const long value = counter;
  world.yield();
  counter = value + 1;
  holder = -1;
  world.unlock(mutex);
  harness::progress();
}

void child(void* arg) {
  const int me = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
  if (me == kChild1) critical_section(me, window->m, window->holder, window->counter);
  ++window->finished[me];
}

void worker(void* arg) {
  const int me = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
  critical_section(me, window->m, window->holder, window->counter);
  const int mine = World::current().create(&child, reinterpret_cast<void*>(std::intptr_t{kChild0 + me}));
  window->child_ids[me] = mine;
  critical_section(me, window->m, window->holder, window->counter);
  World::current().join(mine);
  if (window->finished[kChild0 + me] != 1) ++window->joined_too_early;
  ++window->finished[me];
}

void pair(void* arg) {
  const int me = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
  if (me == kPair1) {
    for (int i = 0; i < window->delay; ++i) World::current().yield();
  }
  critical_section(me, window->m2, window->holder2, window->counter2);
  ++window->finished[me];
}

// What went wrong in a finished run, or "".
std::string verdict(const Window& state, std::int64_t stacks_before) {
  if (state.overlaps != 0) return msg("two threads held a mutex at once (", state.overlaps, " times)");
  if (state.child_ids[0] == state.child_ids[1]) {
    return msg("two threads created at the same time got the same id ", state.child_ids[0]);
  }
  if (state.counter != 5 || state.counter2 != 2) {  // M: 2 per worker and 1 child; M2: 1 per pair thread
    return msg("increments made under a mutex were lost: the counters are ", state.counter, " and ", state.counter2,
               ", expected 5 and 2");
  }
  const char* names[kThreads] = {"worker 0", "worker 1", "the child of worker 0", "the child of worker 1",
                                 "the first thread of the pair", "the second thread of the pair"};
  for (int t = 0; t < kThreads; ++t) {
    if (state.finished[t] != 1) return msg(names[t], " ran to its end ", state.finished[t], " times instead of once");
  }
  if (state.joined_too_early != 0) return "join returned before the thread it joined had ended";
  if (lab::hw::counters().live_stacks != stacks_before) return "a joined thread's stack was not freed";
  return "";
}

// One run of the scenario with a tick forced at level change `n` (and with `stall`, again each time the
// thread comes back there while others can run): what went wrong, or "".
std::string run_once(int delay, std::uint64_t n, bool stall, lab::hw::ForcedTick& forced) {
  World world(World::Options{false, 1, 5, true});
  world.machine().use_deterministic_time(1000);
  Window state;
  state.delay = delay;
  window = &state;
  state.m = world.new_mutex();
  state.m2 = world.new_mutex();
  const std::int64_t stacks_before = lab::hw::counters().live_stacks;
  world.machine().force_tick_at_level_change(n, stall);
  int ids[4];
  for (int w = 0; w < kWorkers; ++w) ids[w] = world.create(&worker, reinterpret_cast<void*>(std::intptr_t{w}));
  for (int p = 0; p < 2; ++p) ids[2 + p] = world.create(&pair, reinterpret_cast<void*>(std::intptr_t{kPair0 + p}));
  for (int id : ids) world.join(id);
  forced = lab::hw::forced_tick();
  world.machine().force_tick_at_level_change(0);
  return verdict(state, stacks_before);
}

std::string where(const lab::hw::ForcedTick& forced) {
  return msg(forced.before_off ? "just before interrupts went off at " : "just after interrupts came on at ",
             forced.where.file_name(), ":", forced.where.line(), " (in ", forced.where.function_name(), ")",
             forced.ticks > 1 ? ", again each time the thread came back there, until no other thread could run" : "");
}

void report_window(const std::string& failure, std::uint64_t n, const lab::hw::ForcedTick& forced) {
  const std::string cause = forced.delivered ? "after a timer tick forced " + where(forced) : "without a forced tick";
  harness::report({"check",
                   failure + " " + cause + "\nwhatever you read or decide with interrupts on (who owns the mutex, "
                   "whether a thread has ended, who waits, the next id) can change at a tick right before you disable "
                   "them or right after you enable them again: disable interrupts first, then look, and act on what "
                   "you saw before you enable them\n(quantum 1, no timer: the tick is forced at change number " +
                       std::to_string(n) + " of the interrupt level; two workers each lock mutex M, yield inside "
                       "it, create a child, lock M again and join the child (one child locks M too, the other ends at "
                       "once); two more threads lock mutex M2 once each; thread 0 joins them)",
                   forced.delivered ? forced.where.file_name() : "", forced.delivered ? forced.where.line() : 0u});
}

// Every level change of the scenario gets a tick, then a stall, for each delay of the pair's second thread.
TEST(Interrupts, TickAtEveryLevelChange) {
  for (int delay = 0; delay < kDelays; ++delay) {
    bool past_the_end = false;
    for (std::uint64_t n = 1; n <= kMaxRuns && !past_the_end; ++n) {
      for (bool stall : {false, true}) {
        lab::hw::ForcedTick forced;
        const std::string failure = run_once(delay, n, stall, forced);
        harness::progress();
        if (!failure.empty()) {
          report_window(failure, n, forced);
          return;
        }
        past_the_end = !forced.delivered;  // n is past the last level change: each one had its tick
      }
    }
    if (!check(past_the_end, msg("the scenario changed the interrupt level more than ", kMaxRuns, " times"))) return;
  }
}

}  // namespace
}  // namespace uthreads_lab
