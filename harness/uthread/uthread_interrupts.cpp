// The uthreads lab's interrupts: the timer signal, its handler, intr_disable/enable and halt.
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "findings_store.hpp"
#include "lab/usage.hpp"
#include "lab/uthread_hw.hpp"
#include "results_file.hpp"
#include "run_state.hpp"
#include "uthread_state.hpp"

namespace harness::uthread {

HwState& hw_state() noexcept {
  static HwState state;
  return state;
}

}  // namespace harness::uthread

namespace lab {
namespace {

using harness::uthread::hw_state;
using harness::uthread::kTimerSignal;

// The installed Machine's handler; only one Machine exists at a time (one test, one CPU).
hw::TickHandler tick_handler = nullptr;
void* tick_context = nullptr;
timer_t timer{};
bool timer_running = false;
struct sigaction previous_action {};
IntrLevel level_at_start = IntrLevel::on;

// A cap on the ticks of a stall: a library that switches at every tick still ends it.
constexpr std::uint32_t kMaxStallTicks = 10000;

// Counts a change of the interrupt level at `where` and delivers the forced tick if it is the one: with
// interrupts on, so the handler runs (and may preempt) before pthread_kill returns. A stall repeats the
// tick for as long as other threads ran in between (the switch count moved).
void count_level_change(const lab::source_location& where, bool before_off) noexcept {
  auto& state = hw_state();
  if (++state.level_changes != state.force_at) return;
  state.forced = hw::ForcedTick{true, before_off, where, 0};
  std::uint64_t switches = 0;
  do {
    switches = state.switches.load(std::memory_order_relaxed);
    ++state.forced.ticks;
    pthread_kill(pthread_self(), kTimerSignal);
  } while (state.stall && state.switches.load(std::memory_order_relaxed) != switches &&
           state.forced.ticks < kMaxStallTicks);
}

// Deterministic time's slow clock, which only code that waits without halting (a busy loop) ever sees:
// a tick after every enables_per_tick enablings of interrupts without a tick in between.
void run_instruction_clock() noexcept {
  auto& state = hw_state();
  const std::uint64_t ticks = state.ticks.load(std::memory_order_relaxed);
  if (ticks != state.ticks_seen) {
    state.ticks_seen = ticks;
    state.enables_since_tick = 0;
  }
  if (++state.enables_since_tick < state.enables_per_tick) return;
  state.enables_since_tick = 0;
  pthread_kill(pthread_self(), kTimerSignal);
}

// The deterministic CPU halted idle_limit times in a row with interrupts never enabled: nothing will ever
// make a thread ready. Ends the test like the watchdog does, with a finding that says what happened.
[[noreturn]] void end_idle_forever() noexcept {
  const auto& state = hw_state();
  std::string message = "every thread is blocked for good: the CPU halted " + std::to_string(state.idle_limit) +
                        " ticks in a row and no thread became ready (a thread waits for a wake-up that was lost "
                        "or never sent)";
  std::string file;
  std::uint32_t line = 0;
  if (state.forced.delivered) {
    file = state.forced.where.file_name();
    line = state.forced.where.line();
    message += std::string("\nafter the timer tick forced just ") +
               (state.forced.before_off ? "before interrupts went off" : "after interrupts came on") + " at " +
               file + ":" + std::to_string(line) + " (in " + state.forced.where.function_name() + ")" +
               (state.forced.ticks > 1 ? ", again each time the thread came back there, until no other thread could run"
                                       : "");
  }
  try {
    std::fprintf(stderr, "\nlab uthreads: %s\n", message.c_str());
    harness::record_finding({"check", message, file, line});
    harness::mark_iteration_failed();
    harness::write_results_file(harness::Verdict::fail);
  } catch (...) {
    // Out of memory: the exit status alone still fails the test.
  }
  std::fflush(stdout);
  std::fflush(stderr);
  ::_exit(1);
}

sigset_t timer_set() noexcept {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, kTimerSignal);
  return set;
}

// The interrupt: the kernel blocks the signal while it runs, so the handler runs with interrupts off.
// It may switch to another user thread (preemption) and return much later, when this thread resumes.
void on_signal(int) {
  const int saved_errno = errno;
  auto& state = hw_state();
  state.ticks.fetch_add(1, std::memory_order_relaxed);
  if (state.in_halt) {
    state.halted_ticks.fetch_add(1, std::memory_order_relaxed);
    state.in_halt = 0;
  }
  if (tick_handler != nullptr) tick_handler(tick_context);
  errno = saved_errno;
}

}  // namespace

IntrLevel intr_get_level() noexcept {
  sigset_t current;
  pthread_sigmask(SIG_BLOCK, nullptr, &current);
  return sigismember(&current, kTimerSignal) ? IntrLevel::off : IntrLevel::on;
}

IntrLevel intr_set_level(IntrLevel level, lab::source_location where) noexcept {
  auto& state = hw_state();
  const bool counting = state.force_at != 0;
  if (counting && level == IntrLevel::off && intr_get_level() == IntrLevel::on) count_level_change(where, true);
  const sigset_t set = timer_set();
  sigset_t old;
  pthread_sigmask(level == IntrLevel::off ? SIG_BLOCK : SIG_UNBLOCK, &set, &old);
  const IntrLevel previous = sigismember(&old, kTimerSignal) ? IntrLevel::off : IntrLevel::on;
  if (level == IntrLevel::on && previous == IntrLevel::off) {
    state.idle_streak = 0;
    if (counting) count_level_change(where, false);
    if (state.enables_per_tick != 0) run_instruction_clock();
  }
  return previous;
}

IntrLevel intr_disable(lab::source_location where) noexcept { return intr_set_level(IntrLevel::off, where); }

void intr_enable(lab::source_location where) noexcept { intr_set_level(IntrLevel::on, where); }

void halt(lab::source_location where) noexcept {
  if (intr_get_level() != IntrLevel::off) {
    lab::usage_error("lab::halt called with interrupts on: disable them first (the tick you wait for could "
                     "arrive between your check and the halt, and you would sleep through it)", where);
    return;
  }
  auto& state = hw_state();
  state.halts.fetch_add(1, std::memory_order_relaxed);
  if (state.deterministic) {
    if (++state.idle_streak > state.idle_limit) end_idle_forever();
    pthread_kill(pthread_self(), kTimerSignal);  // pending until sigsuspend unblocks it: the next tick, now
  }
  sigset_t wait_mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &wait_mask);
  sigdelset(&wait_mask, kTimerSignal);
  state.in_halt = 1;
  sigsuspend(&wait_mask);  // returns after the handler ran, with the old mask (interrupts off) restored
  state.in_halt = 0;
}

namespace hw {

Machine::Machine(TickHandler handler, void* context) {
  auto& state = hw_state();
  if (state.machine_active.exchange(true)) throw std::logic_error("only one lab::hw::Machine at a time");
  level_at_start = intr_disable();
  tick_handler = handler;
  tick_context = context;
  state.ticks = 0;
  state.halted_ticks = 0;
  state.switches = 0;
  state.halts = 0;
  state.misaligned_entries = 0;
  state.thread_begins = 0;
  state.in_halt = 0;
  state.deterministic = false;
  state.idle_streak = 0;
  state.enables_per_tick = 0;
  state.force_at = 0;
  state.level_changes = 0;
  state.forced = ForcedTick{};
  struct sigaction action {};
  action.sa_handler = &on_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(kTimerSignal, &action, &previous_action);
  intr_set_level(level_at_start);
}

Machine::~Machine() {
  stop_timer();
  intr_disable();
  // Ignoring a blocked signal discards a pending tick, which the previous action might not survive.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigaction(kTimerSignal, &ignore, nullptr);
  sigaction(kTimerSignal, &previous_action, nullptr);
  tick_handler = nullptr;
  tick_context = nullptr;
  auto& state = hw_state();
  state.deterministic = false;
  state.enables_per_tick = 0;
  state.force_at = 0;
  intr_set_level(level_at_start);
  state.machine_active = false;
}

void Machine::start_timer(std::uint32_t period_us) {
  stop_timer();
  struct sigevent event {};
  event.sigev_notify = SIGEV_THREAD_ID;
  event.sigev_signo = kTimerSignal;
  event._sigev_un._tid = static_cast<pid_t>(::syscall(SYS_gettid));  // this thread only, never the watchdog
  if (timer_create(CLOCK_MONOTONIC, &event, &timer) != 0) throw std::runtime_error("timer_create failed");
  struct itimerspec spec {};
  spec.it_interval.tv_sec = period_us / 1000000;
  spec.it_interval.tv_nsec = static_cast<long>(period_us % 1000000) * 1000;
  spec.it_value = spec.it_interval;
  timer_settime(timer, 0, &spec, nullptr);
  timer_running = true;
}

void Machine::stop_timer() {
  if (!timer_running) return;
  timer_delete(timer);
  timer_running = false;
}

void Machine::tick() { pthread_kill(pthread_self(), kTimerSignal); }

void Machine::use_deterministic_time(std::uint64_t idle_limit, std::uint64_t enables_per_tick) {
  stop_timer();
  auto& state = hw_state();
  state.deterministic = true;
  state.idle_limit = idle_limit;
  state.idle_streak = 0;
  state.enables_per_tick = enables_per_tick;
  state.enables_since_tick = 0;
  state.ticks_seen = state.ticks.load(std::memory_order_relaxed);
}

void Machine::force_tick_at_level_change(std::uint64_t n, bool stall) {
  auto& state = hw_state();
  state.force_at = n;
  state.stall = stall;
  state.level_changes = 0;
  state.forced = ForcedTick{};
}

ForcedTick forced_tick() noexcept { return hw_state().forced; }

std::uint64_t level_changes() noexcept { return hw_state().level_changes; }

Counters counters() noexcept {
  const auto& state = hw_state();
  Counters out;
  out.ticks = state.ticks;
  out.halted_ticks = state.halted_ticks;
  out.switches = state.switches;
  out.halts = state.halts;
  out.live_stacks = state.live_stacks;
  out.misaligned_entries = state.misaligned_entries;
  out.thread_begins = state.thread_begins;
  return out;
}

}  // namespace hw
}  // namespace lab
