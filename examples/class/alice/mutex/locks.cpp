// Alice's mutex lab: SpinLock, TicketLock, Mutex.
#include "locks.hpp"

namespace lab {

using std::memory_order_acquire;
using std::memory_order_relaxed;
using std::memory_order_release;

void SpinLock::lock() {
  int backoff = 1;
  for (;;) {
    if (!held_.load(memory_order_relaxed) && !held_.exchange(true, memory_order_acquire)) return;
    for (int i = 0; i < backoff; ++i) lab::cpu_relax();  // at least one relax per turn
    if (backoff < 64) backoff *= 2;
  }
}

bool SpinLock::try_lock() { return !held_.exchange(true, memory_order_acquire); }

void SpinLock::unlock() {
  if (!held_.exchange(false, memory_order_release)) lab::usage_error("SpinLock::unlock: not locked");
}

void TicketLock::lock() {
  const std::uint32_t mine = next_.fetch_add(1, memory_order_relaxed);
  for (;;) {
    if (serving_.load(memory_order_acquire) == mine) return;
    lab::cpu_relax();
  }
}

bool TicketLock::try_lock() {
  std::uint32_t now = serving_.load(memory_order_acquire);
  return next_.compare_exchange_strong(now, now + 1, memory_order_acquire, memory_order_relaxed);
}

void TicketLock::unlock() {
  const std::uint32_t now = serving_.load(memory_order_relaxed);
  if (next_.load(memory_order_relaxed) == now) {
    lab::usage_error("TicketLock::unlock: not locked");
    return;
  }
  serving_.store(now + 1, memory_order_release);
}

void Mutex::lock() {
  int c = 0;
  if (word_.compare_exchange_strong(c, 1, memory_order_acquire, memory_order_relaxed)) return;
  if (c != 2) c = word_.exchange(2, memory_order_acquire);
  while (c != 0) {
    lab::futex_wait(word_, 2);
    c = word_.exchange(2, memory_order_acquire);
  }
}

bool Mutex::try_lock() {
  int c = 0;
  return word_.compare_exchange_strong(c, 1, memory_order_acquire, memory_order_relaxed);
}

// Drepper's unlock: decrement; if it was 2 someone may sleep, so clear and wake one.
void Mutex::unlock() {
  if (word_.load(memory_order_relaxed) == 0) {  // only the owner may unlock, so 0 means "not locked"
    lab::usage_error("Mutex::unlock: not locked");
    return;
  }
  if (word_.fetch_sub(1, memory_order_release) != 1) {
    word_.store(0, memory_order_release);
    lab::futex_wake(word_, 1);
  }
}

}  // namespace lab
