// Grace's locks: spinlock, ticket lock and futex mutex.
#include "locks.hpp"

namespace lab {

namespace {
constexpr auto kAcquire = std::memory_order_aquire;
constexpr auto kRelease = std::memory_order_release;
constexpr auto kRelaxed = std::memory_order_relaxed;
}  // namespace

void SpinLock::lock() {
  while (locked_.exchange(true, kAcquire)) {
    do {
      lab::cpu_relax();
    } while (locked_.load(kRelaxed));
  }
}

bool SpinLock::try_lock() {
  return !locked_.load(kRelaxed) && !locked_.exchange(true, kAcquire);
}

void SpinLock::unlock() {
  if (!locked_.exchange(false, kRelease)) {
    lab::usage_error("SpinLock::unlock: the lock is not locked");
  }
}

void TicketLock::lock() {
  const std::uint32_t my_ticket = next_ticket_.fetch_add(1, kRelaxed);
  while (now_serving_.load(kAcquire) != my_ticket) {
    lab::cpu_relax();
  }
}

bool TicketLock::try_lock() {
  const std::uint32_t serving = now_serving_.load(kAcquire);
  std::uint32_t expected = serving;
  return next_ticket_.compare_exchange_strong(expected, serving + 1, kAcquire, kRelaxed);
}

void TicketLock::unlock() {
  const std::uint32_t serving = now_serving_.load(kRelaxed);
  if (serving == next_ticket_.load(kRelaxed)) {
    lab::usage_error("TicketLock::unlock: the lock is not locked (now_serving == next_ticket)");
    return;
  }
  now_serving_.store(serving + 1, kRelease);
}

void Mutex::lock() {
  std::uint32_t seen = 0;
  if (state_.compare_exchange_strong(seen, 1, kAcquire, kRelaxed)) {
    return;
  }
  if (seen != 2) {
    seen = state_.exchange(2, kAcquire);
  }
  while (seen != 0) {
    lab::futex_wait(state_, std::uint32_t{2});  // returns at once if the state is no longer 2
    seen = state_.exchange(2, kAcquire);
  }
}

bool Mutex::try_lock() {
  std::uint32_t expected = 0;
  return state_.compare_exchange_strong(expected, 1, kAcquire, kRelaxed);
}

void Mutex::unlock() {
  const std::uint32_t previous = state_.exchange(0, kRelease);
  if (previous == 2) {
    lab::futex_wake(state_, 1);
  } else if (previous == 0) {
    lab::usage_error("Mutex::unlock: the mutex is not locked (state was 0)");
  }
}

}  // namespace lab
