// The old GIL (Python 2: release and take again every check interval) and the new one (CPython 3.2+).
#include "gil.hpp"

namespace lab {

// --- OldGil -------------------------------------------------------------------------------------------

// PyThread_acquire_lock(interpreter_lock, 1).
void OldGil::take(gil::ThreadState&) {
  mutex_.lock();
  while (locked_) cond_.wait(mutex_);  // a loop: the waker may take it back first, or a wake-up is spurious
  locked_ = true;
  mutex_.unlock();
}

// PyThread_release_lock(interpreter_lock): one waiter is woken, but nothing makes it the next holder.
void OldGil::drop(gil::ThreadState&) {
  mutex_.lock();
  locked_ = false;
  cond_.signal();
  mutex_.unlock();
}

// ceval's `if (--_Py_Ticker < 0)`: every check_interval() steps the holder drops and takes the GIL again.
bool OldGil::eval_breaker(gil::ThreadState&) {
  if (++ticks_ < gil::check_interval()) return false;
  ticks_ = 0;
  return true;
}

// --- NewGil -------------------------------------------------------------------------------------------

// take_gil(): wait in slices of one switch interval; a slice that ends with no switch asks the holder
// to drop. Taking the GIL counts a switch, wakes a forced-switching dropper, clears the request.
void NewGil::take(gil::ThreadState& me) {
  mutex_.lock();
  while (locked_) {
    const unsigned long saved = switch_number_;
    const bool timed_out = cond_.wait_for(mutex_, gil::switch_interval());
    // Only if nobody took the GIL during the whole interval: a switch restarts the holder's interval.
    if (timed_out && locked_ && switch_number_ == saved) drop_request_.store(true);
  }
  locked_ = true;
  switch_mutex_.lock();
  last_holder_ = &me;
  switch_cond_.signal();
  switch_mutex_.unlock();
  ++switch_number_;
  drop_request_.store(false);  // the request, if any, has been served by this switch
  mutex_.unlock();
}

// drop_gil(): release and wake a waiter; if a drop was requested, wait until another thread has the
// GIL, so that the requester, not this thread, takes it next.
void NewGil::drop(gil::ThreadState& me) {
  locked_ = false;  // only this thread holds the GIL, so no one else writes locked_ now
  mutex_.lock();
  cond_.signal();
  mutex_.unlock();
  if (!drop_request_.load()) return;
  switch_mutex_.lock();
  while (last_holder_ == &me) switch_cond_.wait(switch_mutex_);  // a loop: wake-ups may be spurious
  switch_mutex_.unlock();
}

// ceval's eval_breaker check: the holder drops at the first step after a waiter asked.
bool NewGil::eval_breaker(gil::ThreadState&) { return drop_request_.load(); }

}  // namespace lab
