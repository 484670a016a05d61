// lab::gil::Mutex and Cond on real threads (Config::real_threads): pthreads, so ThreadSanitizer sees every edge.
#include <time.h>

#include <cerrno>

#include <string>

#include "lab/usage.hpp"
#include "primitive_state.hpp"

namespace lab::gil::detail {

MutexState::MutexState() { pthread_mutex_init(&real, nullptr); }
MutexState::~MutexState() { pthread_mutex_destroy(&real); }

// CLOCK_MONOTONIC: a timed wait is not stretched or cut by a change of the wall clock.
CondState::CondState() {
  pthread_condattr_t attributes;
  pthread_condattr_init(&attributes);
  pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
  pthread_cond_init(&real, &attributes);
  pthread_condattr_destroy(&attributes);
}
CondState::~CondState() { pthread_cond_destroy(&real); }

}  // namespace lab::gil::detail

namespace harness::gil::real {
namespace {

using lab::gil::detail::CondState;
using lab::gil::detail::MutexState;

constexpr auto kRelaxed = std::memory_order_relaxed;

// The absolute CLOCK_MONOTONIC time `timeout` ns from now, for pthread_cond_timedwait.
timespec deadline_after(vtime timeout) {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const vtime total = now.tv_nsec + timeout;
  now.tv_sec += static_cast<time_t>(total / 1'000'000'000);
  now.tv_nsec = static_cast<long>(total % 1'000'000'000);
  return now;
}

// pthread_mutex_lock, with the owner noted for the misuse checks.
void acquire(Thread::Impl& me, MutexState& mutex) {
  pthread_mutex_lock(&mutex.real);
  mutex.real_owner.store(&me, kRelaxed);
}

}  // namespace

void lock(Thread::Impl& me, MutexState& mutex, const lab::source_location& where) {
  if (mutex.real_owner.load(kRelaxed) == &me) {
    lab::usage_error("Mutex::lock: the caller already holds this mutex (it would wait for itself forever)", where);
    return;
  }
  acquire(me, mutex);
}

void unlock(Thread::Impl& me, MutexState& mutex, const lab::source_location& where) {
  if (mutex.real_owner.load(kRelaxed) != &me) {
    lab::usage_error("Mutex::unlock: the caller does not hold this mutex", where);
    return;
  }
  mutex.real_owner.store(nullptr, kRelaxed);
  pthread_mutex_unlock(&mutex.real);
}

bool wait(Thread::Impl& me, CondState& cond, MutexState& mutex, vtime timeout, const char* call,
          const lab::source_location& where) {
  if (mutex.real_owner.load(kRelaxed) != &me) {
    lab::usage_error((std::string(call) + ": the caller does not hold the mutex").c_str(), where);
    return false;
  }
  mutex.real_owner.store(nullptr, kRelaxed);
  // Config::spurious_wakeups: every third wait lets the mutex go and returns at once, as pthreads allow.
  if (me.machine.config.spurious_wakeups && ++me.waits % 3 == 0) {
    pthread_mutex_unlock(&mutex.real);
    acquire(me, mutex);
    return false;
  }
  int status = 0;
  if (timeout < 0) {
    status = pthread_cond_wait(&cond.real, &mutex.real);
  } else {
    const timespec deadline = deadline_after(timeout);
    status = pthread_cond_timedwait(&cond.real, &mutex.real, &deadline);
  }
  mutex.real_owner.store(&me, kRelaxed);
  return status == ETIMEDOUT;
}

void signal(CondState& cond) { pthread_cond_signal(&cond.real); }
void broadcast(CondState& cond) { pthread_cond_broadcast(&cond.real); }

}  // namespace harness::gil::real
