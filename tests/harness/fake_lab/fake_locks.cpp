// The fake student's code. Lines marked "LINE:name" are looked up by e2e_test.cpp: keep the markers.
#include "fake_locks.hpp"

#include <lab/lab.hpp>

namespace fake_student {
namespace {
lab::atomic<int> correct_flag{0};
lab::atomic<int> relaxed_flag{0};
lab::atomic<unsigned> never_woken{0};
lab::atomic<int> never_set{0};
}  // namespace

void correct_lock() {
  while (correct_flag.exchange(1, std::memory_order_acquire) != 0) lab::cpu_relax();
}

void correct_unlock() { correct_flag.store(0, std::memory_order_release); }

void relaxed_lock() {
  while (relaxed_flag.exchange(1, std::memory_order_relaxed) != 0) lab::cpu_relax();  // LINE:relaxed_acquire
}

void relaxed_unlock() {
  relaxed_flag.store(0, std::memory_order_relaxed);  // LINE:relaxed_release
}

void sleep_forever() {
  lab::futex_wait(never_woken, 0u);  // LINE:futex_wait
}

void spin_forever() {
  while (never_set.load() == 0) lab::cpu_relax();  // LINE:spin
}

void unlock_unlocked() {
  lab::usage_error("unlock() of a lock that is not locked");  // LINE:usage
}

void unfinished() {
  lab::todo("SpinLock::lock");  // LINE:todo
}

}  // namespace fake_student
