// Known-buggy semaphore lab submission 'barrier_last_to_leave_leads': the reference with one bug, marked 'BUG (mutant)'.
#include "semaphores.hpp"

namespace lab {

namespace {
constexpr auto kAcquire = std::memory_order_acquire;
constexpr auto kRelaxed = std::memory_order_relaxed;
constexpr auto kSeqCst = std::memory_order_seq_cst;
}  // namespace

// ---- Semaphore --------------------------------------------------------------------------------------

// Decrement only a count seen positive, in one compare-exchange: a separate check and decrement lets two
// threads take the same last permit.
bool Semaphore::try_acquire() {
  std::uint32_t seen = count_.load(kRelaxed);
  while (seen > 0) {
    if (count_.compare_exchange_weak(seen, seen - 1, kAcquire, kRelaxed)) return true;
  }
  return false;
}

// Announce the sleep (sleepers_) *before* futex_wait re-checks the count in the kernel: a release() that
// adds a permit after our failed attempt either sees the announcement and wakes us, or came early enough
// that futex_wait finds count_ != 0 and returns at once. Both sides are seq_cst so that neither can miss
// the other's write (store-load ordering).
void Semaphore::acquire() {
  while (!try_acquire()) {
    sleepers_.fetch_add(1, kSeqCst);
    lab::futex_wait(count_, std::uint32_t{0});
    sleepers_.fetch_sub(1, kRelaxed);
  }
}

// As acquire(), but each sleep is bounded by the time left; a wake-up (spurious or not) only means "look
// again", so the deadline, not the number of sleeps, decides when to give up.
bool Semaphore::try_acquire_for(std::chrono::nanoseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!try_acquire()) {
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::nanoseconds::zero()) return false;
    sleepers_.fetch_add(1, kSeqCst);
    (void)lab::futex_wait_for(count_, std::uint32_t{0}, left);
    sleepers_.fetch_sub(1, kRelaxed);
  }
  return true;
}

// Publish the permits first, then look for sleepers; wake up to n of them (each takes one permit or, if a
// running thread took it first, goes back to sleep). Nobody announced: no system call.
void Semaphore::release(std::uint32_t n) {
  if (n == 0) return;
  count_.fetch_add(n, kSeqCst);
  if (sleepers_.load(kSeqCst) > 0) {
    lab::futex_wake(count_, n > static_cast<std::uint32_t>(lab::kWakeAll) ? lab::kWakeAll : static_cast<int>(n));
  }
}

// ---- Barrier ----------------------------------------------------------------------------------------

// The generation is read before arriving: it cannot move until this thread has arrived, so it names the
// round this thread waits for. The last thread resets the count, then opens the round by advancing the
// generation (release), then wakes everybody; the others sleep until the generation differs.
bool Barrier::arrive_and_wait() {
  const std::uint32_t round = generation_.load(kAcquire);
  if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == threads_) {
    arrived_.store(0, kRelaxed);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    lab::futex_wake(generation_, lab::kWakeAll);
  } else {
    while (generation_.load(kAcquire) == round) {
      lab::futex_wait(generation_, round);
    }
  }
  // BUG (mutant): the last thread to *leave* is told it was last; the last to arrive usually leaves first.
  if (left_.fetch_add(1, std::memory_order_acq_rel) + 1 == threads_) {
    left_.store(0, kRelaxed);
    return true;
  }
  return false;
}

}  // namespace lab
