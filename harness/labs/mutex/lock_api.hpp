// A type-erased view of the student's three locks, so the graded tests compile once per configuration.
#pragma once

#include <memory>

namespace mutex_lab {

// Operations on one kind of lock. Implemented by adapter.cpp, the only file compiled together with a
// submission's locks.hpp; every graded test reaches the student's code through this table.
struct LockApi {
  const char* name;  // "SpinLock", "TicketLock" or "Mutex"
  void* (*create)();
  void (*destroy)(void*);
  void (*lock)(void*);
  bool (*try_lock)(void*);
  void (*unlock)(void*);
};

const LockApi& spin_lock_api();
const LockApi& ticket_lock_api();
const LockApi& mutex_api();

// Owns one lock instance created through `api`.
class AnyLock {
 public:
  explicit AnyLock(const LockApi& api) : api_(&api), object_(api.create()) {}
  ~AnyLock() { api_->destroy(object_); }
  AnyLock(const AnyLock&) = delete;
  AnyLock& operator=(const AnyLock&) = delete;

  void lock() { api_->lock(object_); }
  [[nodiscard]] bool try_lock() { return api_->try_lock(object_); }
  void unlock() { api_->unlock(object_); }
  const char* name() const { return api_->name; }

 private:
  const LockApi* api_;
  void* object_;
};

}  // namespace mutex_lab
