// Your locks: SpinLock, TicketLock and Mutex. Replace each lab::todo(...) with your code (see README.md).
#include "locks.hpp"

namespace lab {

// ---- SpinLock ---------------------------------------------------------------------------------------

// Test-and-test-and-set: an atomic exchange to take the lock; while it is taken, wait with plain loads
// and lab::cpu_relax() once per turn.
void SpinLock::lock() { lab::todo("SpinLock::lock"); }

// One attempt; returns true iff the caller now holds the lock. Never waits.
bool SpinLock::try_lock() { lab::todo("SpinLock::try_lock"); }

// Releases the lock. If it was not locked: lab::usage_error("...") and change nothing.
void SpinLock::unlock() { lab::todo("SpinLock::unlock"); }

// ---- TicketLock -------------------------------------------------------------------------------------

// Take a ticket (one atomic step), then wait with lab::cpu_relax() until it is being served.
void TicketLock::lock() { lab::todo("TicketLock::lock"); }

// Take a ticket only if it would be served at once (compare-exchange); otherwise return false.
bool TicketLock::try_lock() { lab::todo("TicketLock::try_lock"); }

// Serve the next ticket. If the lock was not locked (now_serving == next_ticket): lab::usage_error.
void TicketLock::unlock() { lab::todo("TicketLock::unlock"); }

// ---- Mutex ------------------------------------------------------------------------------------------

// 0 -> 1 with one compare-exchange when free; otherwise set 2 and sleep with lab::futex_wait(state, 2)
// until an exchange(2) returns 0.
void Mutex::lock() { lab::todo("Mutex::lock"); }

// One compare-exchange 0 -> 1; never sleeps.
bool Mutex::try_lock() { lab::todo("Mutex::try_lock"); }

// Set the state to 0 with one atomic operation; wake one sleeper only if the old state was 2.
// If it was 0: lab::usage_error("...") and change nothing.
void Mutex::unlock() { lab::todo("Mutex::unlock"); }

}  // namespace lab
