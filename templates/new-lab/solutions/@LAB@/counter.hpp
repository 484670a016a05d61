// Reference solution of the @LAB@ lab: a counter whose plain count_ a spinlock protects.
#pragma once

#include <lab/lab.hpp>

namespace lab {

class Counter {
 public:
  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  void increment();
  long value() const;

 private:
  lab::atomic<bool> locked_{false};
  long count_ = 0;  // plain on purpose: the lock protects it
};

}  // namespace lab
