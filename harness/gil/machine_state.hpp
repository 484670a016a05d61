// The virtual-time machine's private state: its threads, their clocks and wait queues, the baton.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "harness/gil.hpp"

namespace harness::gil {

// One interpreter thread. Every field is guarded by the machine's mutex; the thread runs its body
// only while it holds the baton (machine.current == this). With Config::real_threads there is no
// baton: clock, cpu and waits are the thread's own, and only finishing takes the machine's mutex.
struct Thread::Impl {
  enum class Status { runnable, blocked, timed, done };

  Impl(VirtualMachine::State& owner, int thread_id, std::string thread_name)
      : machine(owner), id(thread_id), name(std::move(thread_name)), state(thread_id, name.c_str()) {}

  VirtualMachine::State& machine;
  const int id;
  const std::string name;
  lab::gil::ThreadState state;
  Status status = Status::runnable;
  vtime clock = 0;     // when runnable: the time at which it runs next
  vtime deadline = 0;  // when timed: the time its wait ends
  vtime cpu = 0;
  bool timed_out = false;
  std::deque<Impl*>* queue = nullptr;  // the wait queue it sleeps in (blocked or timed), if any
  Site site;                           // its last lab::gil call or cpu_relax/yield
  Site poll_site;                      // its last cpu_relax/yield
  int waits = 0;                       // condition waits so far (spurious wake-ups: every third)
  std::condition_variable baton;

  // The body's view of this thread (Thread's constructor is private to the harness).
  static Thread make_handle(Impl& impl) noexcept { return Thread(&impl); }
};

struct VirtualMachine::State {
  Config config;
  std::mutex mutex;
  std::vector<std::unique_ptr<Thread::Impl>> threads;
  Thread::Impl* current = nullptr;
  int finished = 0;
  vtime end = 0;
  std::condition_variable all_done;
  std::chrono::steady_clock::time_point started;  // real_threads: Thread::now() counts from here
};

using Lock = std::unique_lock<std::mutex>;

// The machine running now (nullptr outside VirtualMachine::run) and the calling thread's record
// (nullptr on a thread that is not one of its interpreter threads).
VirtualMachine::State* active_machine() noexcept;
Thread::Impl* calling_thread() noexcept;

// Scheduling, all with the machine's mutex held by the baton holder `me`:
// adds `cost` to its clock (and CPU time if `cpu`), then lets an earlier thread run first.
void spend(Lock& lock, Thread::Impl& me, vtime cost, bool cpu);
// Passes the baton to the runnable thread with the smallest clock (a due timed wait first) and
// returns when `me` holds it again; returns at once if `me` is still first or has finished.
void reschedule(Lock& lock, Thread::Impl& me);
// Makes a sleeping `thread` runnable at `at` (or its own clock, if later); removes it from no queue.
void wake(Thread::Impl& thread, vtime at) noexcept;
// Puts `me` to sleep in `queue` (with a deadline when `deadline` >= 0) and returns once it runs again.
void sleep_in(Lock& lock, Thread::Impl& me, std::deque<Thread::Impl*>* queue, vtime deadline);

// Ends the test: every thread is asleep with no deadline. Names each one's wait and line.
[[noreturn]] void report_deadlock(const VirtualMachine::State& machine);

}  // namespace harness::gil
