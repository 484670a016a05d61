// Fills monitor_lab::MonitorApi with a submission's lab::Mutex, CondVar, BoundedBuffer, RWLock, DiningTable.
//
// The only file of the lab compiled together with the student's monitor.hpp (and, through it, the
// mutex lab's locks.hpp); the graded tests are compiled once per configuration and reach the student's
// code only through this table.
#include "monitor.hpp"

#include "monitor_api.hpp"

namespace monitor_lab {
namespace {

template <class T>
T& as(void* object) {
  return *static_cast<T*>(object);
}

template <class T>
void destroy(void* object) {
  delete static_cast<T*>(object);
}

bool unpack(std::optional<long> item, long* out) {
  if (!item) return false;
  *out = *item;
  return true;
}

constexpr MonitorApi make_api() {
  return MonitorApi{
      [] { return static_cast<void*>(new lab::Mutex()); },
      &destroy<lab::Mutex>,
      [](void* m) { as<lab::Mutex>(m).lock(); },
      [](void* m) { as<lab::Mutex>(m).unlock(); },
      [](void* m) { return as<lab::Mutex>(m).try_lock(); },

      [] { return static_cast<void*>(new lab::CondVar()); },
      &destroy<lab::CondVar>,
      [](void* c, void* m) { as<lab::CondVar>(c).wait(as<lab::Mutex>(m)); },
      [](void* c) { as<lab::CondVar>(c).notify_one(); },
      [](void* c) { as<lab::CondVar>(c).notify_all(); },

      [](std::size_t capacity) { return static_cast<void*>(new lab::BoundedBuffer(capacity)); },
      &destroy<lab::BoundedBuffer>,
      [](void* b, long item) { return as<lab::BoundedBuffer>(b).put(item); },
      [](void* b, long* out) { return unpack(as<lab::BoundedBuffer>(b).take(), out); },
      [](void* b, long item) { return as<lab::BoundedBuffer>(b).try_put(item); },
      [](void* b, long* out) { return unpack(as<lab::BoundedBuffer>(b).try_take(), out); },
      [](void* b) { as<lab::BoundedBuffer>(b).close(); },

      [] { return static_cast<void*>(new lab::RWLock()); },
      &destroy<lab::RWLock>,
      [](void* l) { as<lab::RWLock>(l).lock_shared(); },
      [](void* l) { as<lab::RWLock>(l).unlock_shared(); },
      [](void* l) { as<lab::RWLock>(l).lock(); },
      [](void* l) { as<lab::RWLock>(l).unlock(); },

      [](int philosophers) { return static_cast<void*>(new lab::DiningTable(philosophers)); },
      &destroy<lab::DiningTable>,
      [](void* t, int i) { as<lab::DiningTable>(t).pick_up(i); },
      [](void* t, int i) { as<lab::DiningTable>(t).put_down(i); },
  };
}

}  // namespace

const MonitorApi& api() {
  static constexpr MonitorApi table = make_api();
  return table;
}

}  // namespace monitor_lab
