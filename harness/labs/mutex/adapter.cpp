// Fills mutex_lab::LockApi with a submission's lab::SpinLock, lab::TicketLock and lab::Mutex.
//
// The only file of the lab compiled together with the student's locks.hpp (found through -I<staged lab
// dir>); the graded tests are compiled once per configuration and call the student only through these
// tables. Templates keep the three tables identical in shape.
#include "locks.hpp"

#include "lock_api.hpp"

namespace mutex_lab {
namespace {

template <class Lock>
void* create() {
  return new Lock();
}

template <class Lock>
void destroy(void* object) {
  delete static_cast<Lock*>(object);
}

template <class Lock>
void lock(void* object) {
  static_cast<Lock*>(object)->lock();
}

template <class Lock>
bool try_lock(void* object) {
  return static_cast<Lock*>(object)->try_lock();
}

template <class Lock>
void unlock(void* object) {
  static_cast<Lock*>(object)->unlock();
}

template <class Lock>
constexpr LockApi make_api(const char* name) {
  return LockApi{name, &create<Lock>, &destroy<Lock>, &lock<Lock>, &try_lock<Lock>, &unlock<Lock>};
}

}  // namespace

const LockApi& spin_lock_api() {
  static constexpr LockApi api = make_api<lab::SpinLock>("SpinLock");
  return api;
}

const LockApi& ticket_lock_api() {
  static constexpr LockApi api = make_api<lab::TicketLock>("TicketLock");
  return api;
}

const LockApi& mutex_api() {
  static constexpr LockApi api = make_api<lab::Mutex>("Mutex");
  return api;
}

}  // namespace mutex_lab
