// lab::gil::Mutex and Cond's state in both modes, and the real-threads mode's calls (real_primitives.cpp).
#pragma once

#include <pthread.h>

#include <atomic>
#include <deque>

#include "lab/source_location.hpp"
#include "machine_state.hpp"

namespace lab::gil::detail {

// Virtual mode: the owner and wait queue on the baton. Real-threads mode: a pthread mutex, and its
// owner as a relaxed atomic, read only to report misuse (relaxed: it must add no ordering that would
// hide a race of the student's code from ThreadSanitizer).
struct MutexState {
  MutexState();
  ~MutexState();
  harness::gil::Thread::Impl* owner = nullptr;
  std::deque<harness::gil::Thread::Impl*> waiters;
  pthread_mutex_t real;
  std::atomic<harness::gil::Thread::Impl*> real_owner{nullptr};
};

// Virtual mode: the wait queue. Real-threads mode: a pthread condition variable on CLOCK_MONOTONIC
// (pthread_cond_timedwait, which every ThreadSanitizer intercepts).
struct CondState {
  CondState();
  ~CondState();
  std::deque<harness::gil::Thread::Impl*> waiters;
  pthread_cond_t real;
};

}  // namespace lab::gil::detail

namespace harness::gil::real {

// The real-threads mode (Config::real_threads) of each lab::gil call, on the calling thread `me`.
void lock(Thread::Impl& me, lab::gil::detail::MutexState& mutex, const lab::source_location& where);
void unlock(Thread::Impl& me, lab::gil::detail::MutexState& mutex, const lab::source_location& where);
// `timeout` < 0 waits with no deadline. Returns true on a timeout.
bool wait(Thread::Impl& me, lab::gil::detail::CondState& cond, lab::gil::detail::MutexState& mutex, vtime timeout,
          const char* call, const lab::source_location& where);
void signal(lab::gil::detail::CondState& cond);
void broadcast(lab::gil::detail::CondState& cond);

}  // namespace harness::gil::real
