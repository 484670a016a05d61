// Your counter: increment() from many threads at once, count_ protected by a spinlock (see README.md).
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
  // TODO: the lock's flag and the count it protects, e.g.
  //   lab::atomic<bool> locked_{false};
  //   long count_ = 0;  // plain on purpose: your lock protects it
};

}  // namespace lab
