// Known-buggy mutex lab submission 'ticket_try_lock_gives_back': the reference with one bug, marked 'BUG (mutant)'.
#include "locks.hpp"

namespace lab {

namespace {
constexpr auto kAcquire = std::memory_order_acquire;
constexpr auto kRelease = std::memory_order_release;
constexpr auto kRelaxed = std::memory_order_relaxed;
}  // namespace

// ---- SpinLock ---------------------------------------------------------------------------------------

// Test-and-test-and-set: the exchange is the atomic test-and-set; while it fails we only *read* the flag,
// which stays in our cache until the holder writes it, instead of hammering the line with exchanges.
void SpinLock::lock() {
  while (locked_.exchange(true, kAcquire)) {
    do {
      lab::cpu_relax();
    } while (locked_.load(kRelaxed));
  }
}

// One attempt, never waits. The relaxed load avoids a useless write when the lock is visibly taken.
bool SpinLock::try_lock() {
  return !locked_.load(kRelaxed) && !locked_.exchange(true, kAcquire);
}

// Release: the critical section's writes become visible to the next thread whose exchange reads `false`.
// The exchange also tells us whether the lock was held; if not, `false` was there and stays there.
void SpinLock::unlock() {
  if (!locked_.exchange(false, kRelease)) {
    lab::usage_error("SpinLock::unlock: the lock is not locked");
  }
}

// ---- TicketLock -------------------------------------------------------------------------------------

// fetch_add hands out distinct tickets even when many threads arrive at once. The acquire is on the load
// that sees our ticket being served: it reads the value stored by the previous holder's release.
void TicketLock::lock() {
  const std::uint32_t my_ticket = next_ticket_.fetch_add(1, kRelaxed);
  while (now_serving_.load(kAcquire) != my_ticket) {
    lab::cpu_relax();
  }
}

// Takes ticket `serving` only if nobody holds or waits for the lock (next_ticket_ == now_serving_); a
// compare-exchange makes "check and take" one step, so a failed attempt leaves next_ticket_ alone.
bool TicketLock::try_lock() {
  // BUG (mutant): the ticket is given back with fetch_sub, but another lock() may have taken the next one.
  const std::uint32_t my_ticket = next_ticket_.fetch_add(1, kAcquire);
  if (now_serving_.load(kAcquire) == my_ticket) return true;
  next_ticket_.fetch_sub(1, kRelaxed);
  return false;
}

// Only the holder writes now_serving_, so a relaxed load of it is exact; the store is the release.
void TicketLock::unlock() {
  const std::uint32_t serving = now_serving_.load(kRelaxed);
  if (serving == next_ticket_.load(kRelaxed)) {
    lab::usage_error("TicketLock::unlock: the lock is not locked (now_serving == next_ticket)");
    return;
  }
  now_serving_.store(serving + 1, kRelease);
}

// ---- Mutex ------------------------------------------------------------------------------------------

// Fast path: 0 -> 1 with one compare-exchange, no futex call. Slow path: announce a sleeper by setting 2
// and sleep while the state is 2. After waking we set 2 again rather than 1: we cannot know whether other
// sleepers remain, and claiming "1" would let our unlock skip the wake-up they need.
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

// One compare-exchange 0 -> 1; never sleeps.
bool Mutex::try_lock() {
  std::uint32_t expected = 0;
  return state_.compare_exchange_strong(expected, 1, kAcquire, kRelaxed);
}

// One atomic exchange both releases the lock and tells us the state it had; a separate load and store
// would leave a window in which a new sleeper's "2" is overwritten and its wake-up lost. Only state 2 can
// have sleepers, so only then do we pay for a futex_wake.
void Mutex::unlock() {
  const std::uint32_t previous = state_.exchange(0, kRelease);
  if (previous == 2) {
    lab::futex_wake(state_, 1);
  } else if (previous == 0) {
    lab::usage_error("Mutex::unlock: the mutex is not locked (state was 0)");
  }
}

}  // namespace lab
