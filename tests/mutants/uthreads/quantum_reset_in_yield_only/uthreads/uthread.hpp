// Your user-level threads library: threads, a scheduler driven by a timer interrupt, sleep and a mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <lab/lab.hpp>
#include <lab/uthread_hw.hpp>

// switch.S: saves the callee-saved registers and the stack pointer of the running thread in `from`,
// loads those of `to`. Call it only through lab::switch_context (which tells the sanitizers).
extern "C" void uthread_switch(lab::Context* from, lab::Context* to);

namespace lab {

using ThreadFn = void (*)(void* arg);

// Which ready thread runs next: round robin (FIFO), or the highest priority (FIFO among equals).
enum class Policy { round_robin, priority };

inline constexpr int kDefaultPriority = 5;

// One thread's record. The scheduler's lists link it through `node`.
struct Thread {
  enum class State { running, ready, sleeping, blocked, dead };
  int id = 0;
  int priority = kDefaultPriority;
  State state = State::ready;
  ThreadFn fn = nullptr;
  void* arg = nullptr;
  Context context;
  std::unique_ptr<Stack> stack;  // nullptr for the thread that created the Threads object
  ListNode node;
  std::uint64_t wake_tick = 0;   // when sleeping
  Thread* joiner = nullptr;      // the thread blocked in join() on this one
};

// The library: one per test. The thread that constructs it becomes thread 0 and may create, join,
// sleep and lock like any other. Every member function but the constructor and destructor may be
// called by any thread; on_timer_tick is called by the harness at every timer tick, with interrupts off.
class Threads {
 public:
  struct Config {
    Policy policy = Policy::round_robin;
    std::uint32_t quantum = 2;                // ticks a thread runs before it is preempted
    int main_priority = kDefaultPriority;     // thread 0's priority
  };
  explicit Threads(Config config);
  // Called by thread 0 once every thread it created has been joined; frees whatever is left.
  ~Threads();
  Threads(const Threads&) = delete;
  Threads& operator=(const Threads&) = delete;

  // A new ready thread that will run fn(arg) on a fresh stack; returns its id (> 0). Does not yield.
  [[nodiscard]] int create(ThreadFn fn, void* arg, int priority = kDefaultPriority);
  // Puts the caller at the back of the ready list and runs the next ready thread.
  void yield();
  // Ends the calling thread (returning from its function does the same); wakes its joiner.
  [[noreturn]] void exit();
  // Waits until thread `id` has ended, then frees its stack and record. Each thread is joined once.
  void join(int id);
  // Blocks the caller for `ticks` timer ticks without using the CPU.
  void sleep(std::uint64_t ticks);
  // The calling thread's id.
  [[nodiscard]] int self() const;
  // The interrupt handler: counts the tick, wakes sleepers that are due, preempts after a quantum.
  void on_timer_tick();

 private:
  friend class Mutex;
  [[noreturn]] static void entry();
  void make_ready(Thread* thread);
  Thread* pick_next();
  void schedule();

  Config config_;
  Thread* current_ = nullptr;
  std::vector<std::unique_ptr<Thread>> threads_;  // by id; nullptr once joined
  ThreadList<Thread> ready_;
  ThreadList<Thread> sleepers_;
  std::uint64_t ticks_ = 0;
  std::uint32_t slice_ = 0;  // ticks the running thread has used of its quantum
  bool idle_ = false;        // true while schedule() halts with nothing to run
};

// A blocking mutex: a thread that finds it locked leaves the ready list until unlock() hands the mutex
// to it. Waiters get it in FIFO order.
class Mutex {
 public:
  explicit Mutex(Threads& threads) : threads_(threads) {}
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock();
  void unlock();

 private:
  Threads& threads_;
  Thread* owner_ = nullptr;
  ThreadList<Thread> waiters_;
};

}  // namespace lab
