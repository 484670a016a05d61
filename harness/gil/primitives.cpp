// lab::gil::Mutex, Cond and the interval settings, on the virtual-time machine's baton and clocks.
#include "lab/usage.hpp"
#include "machine_state.hpp"
#include "primitive_state.hpp"

namespace lab::gil {
namespace {

using harness::gil::Lock;
using harness::gil::Site;
using Impl = harness::gil::Thread::Impl;

// The calling interpreter thread, or nullptr after reporting the misuse (a call from another thread).
Impl* interpreter_thread(const char* call, const lab::source_location& where) {
  Impl* me = harness::gil::calling_thread();
  if (me == nullptr) lab::usage_error((std::string(call) + " called outside an interpreter thread of the test").c_str(), where);
  return me;
}

// Config::real_threads: the call goes to real_primitives.cpp (read-only after the machine started).
bool real_threads(const Impl& me) { return me.machine.config.real_threads; }

// Every call: note where the thread is, spend its cost, let earlier threads go first.
void enter(Lock& lock, Impl& me, const char* call, const lab::source_location& where) {
  me.site = Site{call, where.file_name(), where.line()};
  harness::gil::spend(lock, me, harness::gil::kCallCost, true);
}

// Takes `mutex` for `me`, sleeping while another thread holds it (woken threads try again: no hand-off).
void acquire(Lock& lock, Impl& me, detail::MutexState& mutex) {
  while (mutex.owner != nullptr) harness::gil::sleep_in(lock, me, &mutex.waiters, -1);
  mutex.owner = &me;
}

// Frees `mutex` and wakes its first waiter, which runs kWakeLatency later.
void release(Impl& me, detail::MutexState& mutex) {
  mutex.owner = nullptr;
  if (mutex.waiters.empty()) return;
  Impl* first = mutex.waiters.front();
  mutex.waiters.pop_front();
  harness::gil::wake(*first, me.clock + harness::gil::kWakeLatency);
}

// Wakes the first `count` waiters of `cond`.
void wake_waiters(Impl& me, detail::CondState& cond, std::size_t count) {
  for (; count > 0 && !cond.waiters.empty(); --count) {
    Impl* first = cond.waiters.front();
    cond.waiters.pop_front();
    harness::gil::wake(*first, me.clock + harness::gil::kWakeLatency);
  }
}

// The body of wait and wait_for: `timeout` < 0 waits with no deadline. Returns true on a timeout.
bool wait_on(detail::CondState& cond, detail::MutexState& mutex, harness::gil::vtime timeout, const char* call,
             const lab::source_location& where) {
  Impl* me = interpreter_thread(call, where);
  if (me == nullptr) return false;
  if (real_threads(*me)) return harness::gil::real::wait(*me, cond, mutex, timeout, call, where);
  Lock lock(me->machine.mutex);
  enter(lock, *me, call, where);
  if (mutex.owner != me) {
    lab::usage_error((std::string(call) + ": the caller does not hold the mutex").c_str(), where);
    return false;
  }
  release(*me, mutex);
  if (me->machine.config.spurious_wakeups && ++me->waits % 3 == 0) {
    me->clock += harness::gil::kSpuriousReturn;  // woken for no reason, as pthreads allow: before any real wake-up
    harness::gil::reschedule(lock, *me);
    acquire(lock, *me, mutex);
    return false;
  }
  harness::gil::sleep_in(lock, *me, &cond.waiters, timeout < 0 ? -1 : me->clock + timeout);
  const bool timed_out = me->timed_out;
  acquire(lock, *me, mutex);
  return timed_out;
}

}  // namespace

Mutex::Mutex() : state_(new detail::MutexState) {}
Mutex::~Mutex() { delete state_; }

void Mutex::lock(lab::source_location where) {
  Impl* me = interpreter_thread("Mutex::lock", where);
  if (me == nullptr) return;
  if (real_threads(*me)) return harness::gil::real::lock(*me, *state_, where);
  Lock lock(me->machine.mutex);
  enter(lock, *me, "Mutex::lock", where);
  if (state_->owner == me) {
    lab::usage_error("Mutex::lock: the caller already holds this mutex (it would wait for itself forever)", where);
    return;
  }
  acquire(lock, *me, *state_);
}

void Mutex::unlock(lab::source_location where) {
  Impl* me = interpreter_thread("Mutex::unlock", where);
  if (me == nullptr) return;
  if (real_threads(*me)) return harness::gil::real::unlock(*me, *state_, where);
  Lock lock(me->machine.mutex);
  enter(lock, *me, "Mutex::unlock", where);
  if (state_->owner != me) {
    lab::usage_error("Mutex::unlock: the caller does not hold this mutex", where);
    return;
  }
  release(*me, *state_);
}

Cond::Cond() : state_(new detail::CondState) {}
Cond::~Cond() { delete state_; }

void Cond::wait(Mutex& mutex, lab::source_location where) {
  (void)wait_on(*state_, *mutex.state_, -1, "Cond::wait", where);
}

bool Cond::wait_for(Mutex& mutex, std::chrono::microseconds timeout, lab::source_location where) {
  const harness::gil::vtime ns = std::max<harness::gil::vtime>(0, std::chrono::nanoseconds(timeout).count());
  return wait_on(*state_, *mutex.state_, ns, "Cond::wait_for", where);
}

void Cond::signal(lab::source_location where) {
  Impl* me = interpreter_thread("Cond::signal", where);
  if (me == nullptr) return;
  if (real_threads(*me)) return harness::gil::real::signal(*state_);
  Lock lock(me->machine.mutex);
  enter(lock, *me, "Cond::signal", where);
  wake_waiters(*me, *state_, 1);
}

void Cond::broadcast(lab::source_location where) {
  Impl* me = interpreter_thread("Cond::broadcast", where);
  if (me == nullptr) return;
  if (real_threads(*me)) return harness::gil::real::broadcast(*state_);
  Lock lock(me->machine.mutex);
  enter(lock, *me, "Cond::broadcast", where);
  wake_waiters(*me, *state_, state_->waiters.size());
}

std::chrono::microseconds switch_interval() noexcept {
  const auto* machine = harness::gil::active_machine();
  return machine != nullptr ? machine->config.switch_interval : std::chrono::microseconds(5000);
}

int check_interval() noexcept {
  const auto* machine = harness::gil::active_machine();
  return machine != nullptr ? machine->config.check_interval : 100;
}

}  // namespace lab::gil
