// A type-erased view of the student's monitors, so the graded tests compile once per configuration.
#pragma once

#include <cstddef>
#include <optional>

namespace monitor_lab {

// Operations on the submission's lab::Mutex, lab::CondVar, lab::BoundedBuffer, lab::RWLock and
// lab::DiningTable. Implemented by adapter.cpp, the only file compiled with the student's monitor.hpp.
struct MonitorApi {
  void* (*mutex_create)();
  void (*mutex_destroy)(void*);
  void (*mutex_lock)(void*);
  void (*mutex_unlock)(void*);
  bool (*mutex_try_lock)(void*);

  void* (*condvar_create)();
  void (*condvar_destroy)(void*);
  void (*condvar_wait)(void* condvar, void* mutex);
  void (*condvar_notify_one)(void*);
  void (*condvar_notify_all)(void*);

  void* (*buffer_create)(std::size_t capacity);
  void (*buffer_destroy)(void*);
  bool (*buffer_put)(void*, long);
  bool (*buffer_take)(void*, long* item);  // false: std::nullopt
  bool (*buffer_try_put)(void*, long);
  bool (*buffer_try_take)(void*, long* item);
  void (*buffer_close)(void*);

  void* (*rwlock_create)();
  void (*rwlock_destroy)(void*);
  void (*rwlock_lock_shared)(void*);
  void (*rwlock_unlock_shared)(void*);
  void (*rwlock_lock)(void*);
  void (*rwlock_unlock)(void*);

  void* (*table_create)(int philosophers);
  void (*table_destroy)(void*);
  void (*table_pick_up)(void*, int);
  void (*table_put_down)(void*, int);
};

const MonitorApi& api();

// Owners of one instance each, created through api(). Not copyable.
class Owned {
 public:
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;

 protected:
  Owned(void* object, void (*destroy)(void*)) : object_(object), destroy_(destroy) {}
  ~Owned() { destroy_(object_); }
  void* object_;

 private:
  void (*destroy_)(void*);
};

class AnyMutex : public Owned {
 public:
  AnyMutex() : Owned(api().mutex_create(), api().mutex_destroy) {}
  void lock() { api().mutex_lock(object_); }
  void unlock() { api().mutex_unlock(object_); }
  [[nodiscard]] bool try_lock() { return api().mutex_try_lock(object_); }
  void* raw() { return object_; }
};

class AnyCondVar : public Owned {
 public:
  AnyCondVar() : Owned(api().condvar_create(), api().condvar_destroy) {}
  void wait(AnyMutex& mutex) { api().condvar_wait(object_, mutex.raw()); }
  void notify_one() { api().condvar_notify_one(object_); }
  void notify_all() { api().condvar_notify_all(object_); }
};

class AnyBuffer : public Owned {
 public:
  explicit AnyBuffer(std::size_t capacity) : Owned(api().buffer_create(capacity), api().buffer_destroy) {}
  bool put(long item) { return api().buffer_put(object_, item); }
  std::optional<long> take() { return unpack(api().buffer_take); }
  bool try_put(long item) { return api().buffer_try_put(object_, item); }
  std::optional<long> try_take() { return unpack(api().buffer_try_take); }
  void close() { api().buffer_close(object_); }

 private:
  std::optional<long> unpack(bool (*call)(void*, long*)) {
    long item = 0;
    if (call(object_, &item)) return item;
    return std::nullopt;
  }
};

class AnyRWLock : public Owned {
 public:
  AnyRWLock() : Owned(api().rwlock_create(), api().rwlock_destroy) {}
  void lock_shared() { api().rwlock_lock_shared(object_); }
  void unlock_shared() { api().rwlock_unlock_shared(object_); }
  void lock() { api().rwlock_lock(object_); }
  void unlock() { api().rwlock_unlock(object_); }
};

class AnyTable : public Owned {
 public:
  explicit AnyTable(int philosophers) : Owned(api().table_create(philosophers), api().table_destroy) {}
  void pick_up(int philosopher) { api().table_pick_up(object_, philosopher); }
  void put_down(int philosopher) { api().table_put_down(object_, philosopher); }
};

}  // namespace monitor_lab
