// Your monitors: CondVar, BoundedBuffer, RWLock, DiningTable. Replace each lab::todo(...) with your code (see README.md).
#include "monitor.hpp"

namespace lab {

// ---- CondVar ----------------------------------------------------------------------------------------

// Read the counter while the mutex is still locked, unlock, futex_wait on the counter, lock again.
// Mutex not locked (try_lock succeeds)? Unlock it, lab::usage_error("..."), return.
void CondVar::wait(Mutex& mutex) {
  (void)mutex;
  lab::todo("CondVar::wait");
}

// Bump the counter, then wake one sleeper.
void CondVar::notify_one() { lab::todo("CondVar::notify_one"); }

// Bump the counter, then wake every sleeper.
void CondVar::notify_all() { lab::todo("CondVar::notify_all"); }

// ---- BoundedBuffer ----------------------------------------------------------------------------------

BoundedBuffer::BoundedBuffer(std::size_t capacity) { (void)capacity; }

// Waits while full (and not closed). Returns false, adding nothing, once the buffer is closed.
bool BoundedBuffer::put(long item) {
  (void)item;
  lab::todo("BoundedBuffer::put");
}

// Waits while empty (and not closed). Returns std::nullopt when the buffer is closed and empty.
std::optional<long> BoundedBuffer::take() { lab::todo("BoundedBuffer::take"); }

// Never waits: false when full or closed.
bool BoundedBuffer::try_put(long item) {
  (void)item;
  lab::todo("BoundedBuffer::try_put");
}

// Never waits: std::nullopt when empty.
std::optional<long> BoundedBuffer::try_take() { lab::todo("BoundedBuffer::try_take"); }

// Marks the buffer closed and wakes every waiter, producers and consumers.
void BoundedBuffer::close() { lab::todo("BoundedBuffer::close"); }

// ---- RWLock -----------------------------------------------------------------------------------------

// Wait while a writer is inside or waiting; then count yourself in.
void RWLock::lock_shared() { lab::todo("RWLock::lock_shared"); }

// Count yourself out; the last reader out wakes a waiting writer.
void RWLock::unlock_shared() { lab::todo("RWLock::unlock_shared"); }

// Count yourself as waiting; wait while a writer or any reader is inside.
void RWLock::lock() { lab::todo("RWLock::lock"); }

// Let the next waiting writer in, else every waiting reader.
void RWLock::unlock() { lab::todo("RWLock::unlock"); }

// ---- DiningTable ------------------------------------------------------------------------------------

DiningTable::DiningTable(int philosophers) { (void)philosophers; }

// Become hungry (take a ticket); wait until no neighbour eats and none has been hungry longer; eat.
void DiningTable::pick_up(int philosopher) {
  (void)philosopher;
  lab::todo("DiningTable::pick_up");
}

// Stop eating and wake everyone to re-check.
void DiningTable::put_down(int philosopher) {
  (void)philosopher;
  lab::todo("DiningTable::put_down");
}

}  // namespace lab
