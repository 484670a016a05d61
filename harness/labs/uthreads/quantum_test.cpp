// Graded test: every dispatched thread gets a full quantum, also right after another thread yielded,
// slept, blocked or exited in the middle of its own (deterministic ticks, no timer).
#include <gtest/gtest.h>

#include <harness/harness.hpp>

#include "uth_world.hpp"

namespace uthreads_lab {
namespace {

constexpr std::uint32_t kQuantum = 3;
constexpr int kTickerTicks = 2 * kQuantum + 1;

// What thread A does after its first tick, in the middle of its quantum.
enum class Action { yield, sleep, lock, join, exit };

const char* describe(Action action) {
  switch (action) {
    case Action::yield: return "yielded";
    case Action::sleep: return "went to sleep";
    case Action::lock: return "blocked on a locked mutex";
    case Action::join: return "blocked in join";
    case Action::exit: return "exited";
  }
  return "?";
}

// Events of the log: 10 * thread + kind; threads A, B, C are 1, 2, 3.
enum Kind { kTick = 1, kGaveUp = 2, kEnd = 3 };
int event(int thread, Kind kind) { return 10 * thread + kind; }
int thread_of(int e) { return e / 10; }
Kind kind_of(int e) { return static_cast<Kind>(e % 10); }
char letter(int thread) { return static_cast<char>('A' + thread - 1); }

struct Scenario {
  Action action = Action::yield;
  EventLog* log = nullptr;
  void* mutex = nullptr;
  int ids[4] = {};
};
Scenario* scenario = nullptr;

// One tick of the running thread, logged first: a tick that preempts it leaves the event behind.
void tick_as(int me) {
  scenario->log->add(event(me, kTick));
  World::current().tick();
  harness::progress();
}

void quantum_ticker(void* arg) {
  const int me = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
  for (int i = 0; i < kTickerTicks; ++i) tick_as(me);
  scenario->log->add(event(me, kEnd));
}

// Thread A: one tick of its quantum, then the scenario's action, then more than a quantum of ticks (so
// that its own next quantum is measured too), then it ends in the middle of a quantum.
void thread_a(void*) {
  World& world = World::current();
  tick_as(1);
  scenario->log->add(event(1, scenario->action == Action::exit ? kEnd : kGaveUp));
  switch (scenario->action) {
    case Action::yield: world.yield(); break;
    case Action::sleep: world.sleep(1); break;
    case Action::lock:
      world.lock(scenario->mutex);  // thread 0 holds it: A blocks until thread 0 unlocks
      world.unlock(scenario->mutex);
      break;
    case Action::join: world.join(scenario->ids[3]); break;  // C has not ended yet
    case Action::exit: return;
  }
  for (std::uint32_t i = 0; i < kQuantum + 1; ++i) tick_as(1);
  scenario->log->add(event(1, kEnd));
}

// Thread 0: creates A, B and C (ready in that order), gives them the CPU and joins them.
void run(Action action, EventLog& log) {
  World world(World::Options{false, kQuantum, 5, true});
  Scenario s;
  s.action = action;
  s.log = &log;
  scenario = &s;
  s.mutex = world.new_mutex();
  world.lock(s.mutex);
  s.ids[1] = world.create(&thread_a, nullptr);
  s.ids[2] = world.create(&quantum_ticker, reinterpret_cast<void*>(std::intptr_t{2}));
  s.ids[3] = world.create(&quantum_ticker, reinterpret_cast<void*>(std::intptr_t{3}));
  world.yield();  // A, B and C run; thread 0 is back once each of them gave up the CPU or was preempted
  world.unlock(s.mutex);
  world.join(s.ids[1]);
  world.join(s.ids[2]);
  if (action != Action::join) world.join(s.ids[3]);
}

// Length of the run of ticks of one thread that starts at log[from].
std::size_t run_length(const std::vector<int>& log, std::size_t from) {
  std::size_t to = from;
  while (to < log.size() && log[to] == log[from]) ++to;
  return to - from;
}

// What happened just before the run at `from`, for the message.
std::string context(const std::vector<int>& log, std::size_t from, Action action) {
  if (from == 0) return "";
  const int before = log[from - 1];
  if (kind_of(before) == kGaveUp || kind_of(before) == kEnd) {
    return msg(": it was dispatched right after thread ", letter(thread_of(before)), " ",
               kind_of(before) == kEnd ? "exited" : describe(action), " in the middle of its quantum");
  }
  if (thread_of(log[from]) == 1) return msg(": earlier, thread A had ", describe(action), " after 1 tick");
  return "";
}

// A run of ticks that ends with another thread's event was ended by preemption: it must be a quantum.
bool check_quanta(const std::vector<int>& log, Action action) {
  for (std::size_t i = 0; i < log.size();) {
    const std::size_t length = run_length(log, i);
    const std::size_t next = i + length;
    const bool preempted = kind_of(log[i]) == kTick && next < log.size() && thread_of(log[next]) != thread_of(log[i]);
    if (preempted && length != kQuantum) {
      return check(false, msg("thread ", letter(thread_of(log[i])), " was preempted after ", length, " tick(s) of its ",
                              "quantum of ", kQuantum, context(log, i, action), "\nevery thread that is dispatched ",
                              "must get a full quantum: start counting afresh whenever a thread gets the CPU, not only "
                              "when the timer preempts one\n(thread A ticks once and then ", describe(action),
                              "; B and C only tick; the ticks are those thread A, B and C record: ",
                              to_string(log), ", 10*thread+1 a tick, +2 gave up the CPU, +3 ended; A=1, B=2, C=3)"));
    }
    i = next;
  }
  return true;
}

TEST(Quantum, FullQuantumAfterAMidQuantumSwitch) {
  for (Action action : {Action::yield, Action::sleep, Action::lock, Action::join, Action::exit}) {
    EventLog log;
    run(action, log);
    // B and C: their ticks and an end each; A: a tick, the action, and unless it exited Q + 1 ticks and an end.
    const std::size_t expected = 2 * (kTickerTicks + 1) + 2 + (action == Action::exit ? 0 : kQuantum + 2);
    if (!check(log.size() == expected, msg("threads A, B and C must each run to their end after thread A ",
                                           describe(action), ": ", log.size(), " of ", expected, " events recorded"))) {
      return;
    }
    if (!check_quanta(log.events(), action)) return;
  }
}

}  // namespace
}  // namespace uthreads_lab
