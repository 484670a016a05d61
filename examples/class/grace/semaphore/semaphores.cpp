// Grace's Semaphore and Barrier.
#include "semaphores.hpp"

namespace lab {

Semaphore::Semaphore(std::uint32_t initial) : permits_(initial) {}

bool Semaphore::try_acquire() {
  std::uint32_t now = permits_.load(std::memory_order_relaxed);
  for (;;) {
    if (now == 0) return false;
    if (permits_.compare_exchange_strong(now, now - 1, std::memory_order_acquire, std::memory_order_relaxed)) {
      return true;
    }
  }
}

void Semaphore::acquire() {
  for (;;) {
    if (try_acquire()) return;
    waiting_ += 1;  // seq_cst, before the kernel looks at permits_ again
    lab::futex_wait(permits_, 0u);
    waiting_ -= 1;
  }
}

bool Semaphore::try_acquire_for(std::chrono::nanoseconds timeout) {
  using clock = std::chrono::steady_clock;
  const clock::time_point give_up = clock::now() + timeout;
  for (;;) {
    if (try_acquire()) return true;
    const clock::time_point now = clock::now();
    if (now >= give_up) return false;
    waiting_ += 1;
    lab::futex_wait_for(permits_, 0u, give_up - now);
    waiting_ -= 1;
  }
}

void Semaphore::release(std::uint32_t n) {
  permits_.fetch_add(n);  // seq_cst: ordered before the look at waiting_
  if (waiting_.load() != 0) lab::futex_wake(permits_, lab::kWakeAll);
}

Barrier::Barrier(std::uint32_t threads) : n_(threads), left_(threads) {}

bool Barrier::arrive_and_wait() {
  if (left_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    left_.store(n_, std::memory_order_release);
    lab::futex_wake(left_, lab::kWakeAll);
    return true;
  }
  // everybody is through once the counter is full again
  for (std::uint32_t seen = left_.load(std::memory_order_acquire); seen != n_;
       seen = left_.load(std::memory_order_acquire)) {
    lab::futex_wait(left_, seen);
  }
  return false;
}

}  // namespace lab
