// A fake "student submission" for the harness's end-to-end tests: one function per kind of behaviour.
#pragma once

namespace fake_student {

void correct_lock();
void correct_unlock();
void relaxed_lock();    // no acquire ordering: a data race for ThreadSanitizer
void relaxed_unlock();  // no release ordering
void sleep_forever();   // futex_wait that nobody wakes (a lost wake-up)
void spin_forever();    // waits with cpu_relax for something that never happens
void unlock_unlocked(); // reports lab::usage_error
void unfinished();      // starter code: lab::todo

}  // namespace fake_student
