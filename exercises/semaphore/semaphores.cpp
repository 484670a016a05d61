// Your Semaphore and Barrier. Replace each lab::todo(...) with your code (see README.md).
#include "semaphores.hpp"

namespace lab {

// ---- Semaphore --------------------------------------------------------------------------------------

// Store the initial number of permits.
Semaphore::Semaphore(std::uint32_t initial) { (void)initial; }

// Take a permit only if the count is positive, in one compare-exchange (check and decrement together).
bool Semaphore::try_acquire() { lab::todo("Semaphore::try_acquire"); }

// Loop: try_acquire(); if that failed, announce that you sleep, then lab::futex_wait(count, 0).
void Semaphore::acquire() { lab::todo("Semaphore::acquire"); }

// As acquire(), but sleep with lab::futex_wait_for(count, 0, time left) and give up at the deadline.
bool Semaphore::try_acquire_for(std::chrono::nanoseconds timeout) {
  (void)timeout;
  lab::todo("Semaphore::try_acquire_for");
}

// Add n permits, then wake up to n sleepers, but only if somebody announced a sleep.
void Semaphore::release(std::uint32_t n) {
  (void)n;
  lab::todo("Semaphore::release");
}

// ---- Barrier ----------------------------------------------------------------------------------------

// Store the number of threads.
Barrier::Barrier(std::uint32_t threads) { (void)threads; }

// Read the generation, arrive; the last to arrive resets the count, advances the generation and wakes
// everybody; the others sleep until the generation changes.
bool Barrier::arrive_and_wait() { lab::todo("Barrier::arrive_and_wait"); }

}  // namespace lab
