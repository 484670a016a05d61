// The global interpreter lock, twice: Python 2's (OldGil) and CPython 3.2's (NewGil), on lab::gil.
#pragma once

#include <lab/gil.hpp>
#include <lab/lab.hpp>

namespace lab {

// Python 2's GIL: a lock (a flag, a mutex and a condition variable). The interpreter's holder
// releases it and takes it again every gil::check_interval() steps, so other threads may run.
//
// The interpreter calls, on each thread (`me` is that thread):
//   take(me)          before it runs bytecode, and after each blocking I/O call; returns holding the GIL
//   drop(me)          before each blocking I/O call, and when the thread ends; the caller holds the GIL
//   eval_breaker(me)  after every step, by the holder: true when it must drop the GIL and take it again
class OldGil {
 public:
  void take(gil::ThreadState& me);
  void drop(gil::ThreadState& me);
  bool eval_breaker(gil::ThreadState& me);

 private:
  gil::Mutex mutex_;
  gil::Cond cond_;     // signalled when the GIL is released
  bool locked_ = false;  // guarded by mutex_
  int ticks_ = 0;        // steps since the last release; only the holder touches it
};

// CPython 3.2's GIL (Python/ceval_gil.h): a waiter waits one gil::switch_interval(); if no thread
// took the GIL meanwhile it sets the drop request, which the holder sees at its next step and obeys;
// the dropping thread then waits until another thread has taken the GIL (FORCE_SWITCHING).
// Same calls as OldGil.
class NewGil {
 public:
  void take(gil::ThreadState& me);
  void drop(gil::ThreadState& me);
  bool eval_breaker(gil::ThreadState& me);

 private:
  gil::Mutex mutex_;
  gil::Cond cond_;                               // signalled when the GIL is released
  bool locked_ = false;                          // guarded by mutex_
  unsigned long switch_number_ = 0;              // times the GIL was taken; guarded by mutex_
  const gil::ThreadState* last_holder_ = nullptr;  // guarded by switch_mutex_ (written under both)
  lab::atomic<bool> drop_request_{false};        // read by the holder at every step, without a lock
  gil::Mutex switch_mutex_;
  gil::Cond switch_cond_;                        // signalled when a thread has taken the GIL
};

}  // namespace lab
