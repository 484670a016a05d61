// Known-buggy @LAB@ submission (unlock_relaxed): the reference's header, unchanged.
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
