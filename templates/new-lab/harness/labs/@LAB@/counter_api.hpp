// A type-erased view of the student's lab::Counter, so the graded tests compile once per configuration.
#pragma once

namespace @LAB@_lab {

// Implemented by adapter.cpp, the only file compiled together with a submission's counter.hpp; every
// graded test reaches the student's code through this table.
struct CounterApi {
  void* (*create)();
  void (*destroy)(void*);
  void (*increment)(void*);
  long (*value)(const void*);
};

const CounterApi& counter_api();

// Owns one student Counter created through the table.
class AnyCounter {
 public:
  AnyCounter() : api_(&counter_api()), object_(api_->create()) {}
  ~AnyCounter() { api_->destroy(object_); }
  AnyCounter(const AnyCounter&) = delete;
  AnyCounter& operator=(const AnyCounter&) = delete;

  void increment() { api_->increment(object_); }
  long value() const { return api_->value(object_); }

 private:
  const CounterApi* api_;
  void* object_;
};

}  // namespace @LAB@_lab
