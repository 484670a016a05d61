// The uthreads lab's interrupts: the timer signal, its handler, intr_disable/enable and halt.
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "lab/usage.hpp"
#include "lab/uthread_hw.hpp"
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

IntrLevel intr_set_level(IntrLevel level) noexcept {
  const sigset_t set = timer_set();
  sigset_t old;
  pthread_sigmask(level == IntrLevel::off ? SIG_BLOCK : SIG_UNBLOCK, &set, &old);
  return sigismember(&old, kTimerSignal) ? IntrLevel::off : IntrLevel::on;
}

IntrLevel intr_disable() noexcept { return intr_set_level(IntrLevel::off); }

void intr_enable() noexcept { intr_set_level(IntrLevel::on); }

void halt(lab::source_location where) noexcept {
  if (intr_get_level() != IntrLevel::off) {
    lab::usage_error("lab::halt called with interrupts on: disable them first (the tick you wait for could "
                     "arrive between your check and the halt, and you would sleep through it)", where);
    return;
  }
  auto& state = hw_state();
  state.halts.fetch_add(1, std::memory_order_relaxed);
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
  intr_set_level(level_at_start);
  hw_state().machine_active = false;
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
