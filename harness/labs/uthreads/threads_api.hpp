// A type-erased view of the student's lab::Threads and lab::Mutex, so the graded tests compile once per configuration.
#pragma once

#include <cstdint>

namespace uthreads_lab {

using ThreadBody = void (*)(void*);

// The student's library. Implemented by adapter.cpp, the only file of the lab compiled together with a
// submission's uthread.hpp; it also installs the submission's uthread_switch as the CPU's switch.
struct ThreadsApi {
  void* (*create_threads)(bool priority_policy, std::uint32_t quantum, int main_priority);
  void (*destroy_threads)(void*);
  int (*create)(void*, ThreadBody body, void* arg, int priority);
  void (*yield)(void*);
  void (*join)(void*, int id);
  void (*sleep)(void*, std::uint64_t ticks);
  int (*self)(void*);
  void (*tick)(void*);
  void* (*create_mutex)(void*);
  void (*destroy_mutex)(void*);
  void (*lock)(void*);
  void (*unlock)(void*);
};

const ThreadsApi& threads_api();

}  // namespace uthreads_lab
