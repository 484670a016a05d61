// The uthreads lab's "hardware": interrupts (a timer signal), a context-switch wrapper, stacks, a halt
// instruction and the checked thread list a user-level threads library is built from.
//
// Model: one real (OS) thread, the test's, runs every user thread. The timer "interrupt" is a signal
// delivered only to that thread; "interrupts off" means the signal is blocked in its mask, exactly as
// Pintos' intr_disable() clears the CPU's interrupt flag. Everything the scheduler shares with the
// interrupt handler (ready list, sleepers, mutex waiters) must be touched with interrupts off, and
// nothing may allocate memory with interrupts on (a tick could switch threads in the middle of malloc).
#pragma once

#include <cstddef>
#include <cstdint>

#include "lab/source_location.hpp"

namespace lab {

// ---- interrupts ----------------------------------------------------------------------------------------

enum class IntrLevel { off, on };

// The current level: off iff the timer signal is blocked in the calling thread.
[[nodiscard]] IntrLevel intr_get_level() noexcept;
// Sets the level and returns the previous one. (`where`, filled in for you, lets the harness name your
// line when it forces a tick at this change of level: see hw::Machine::force_tick_at_level_change.)
IntrLevel intr_set_level(IntrLevel level, lab::source_location where = lab::source_location::current()) noexcept;
// Disables interrupts and returns the previous level (restore it with intr_set_level).
IntrLevel intr_disable(lab::source_location where = lab::source_location::current()) noexcept;
// Enables interrupts; a tick that arrived while they were off is delivered at once.
void intr_enable(lab::source_location where = lab::source_location::current()) noexcept;

// Disables interrupts for its lifetime and then restores the level it found (so guards nest).
class InterruptsOff {
 public:
  explicit InterruptsOff(lab::source_location where = lab::source_location::current()) noexcept
      : where_(where), old_(intr_disable(where)) {}
  ~InterruptsOff() { intr_set_level(old_, where_); }
  InterruptsOff(const InterruptsOff&) = delete;
  InterruptsOff& operator=(const InterruptsOff&) = delete;

 private:
  lab::source_location where_;
  IntrLevel old_;
};

// The idle instruction (x86 `sti; hlt`): must be called with interrupts off. Atomically enables them,
// waits until the next timer tick has been handled, and returns with interrupts off again. A scheduler
// with nothing to run calls it in a loop instead of spinning; the harness counts the ticks spent here.
void halt(lab::source_location where = lab::source_location::current()) noexcept;

// ---- stacks and contexts ----------------------------------------------------------------------------

inline constexpr std::size_t kStackSize = 64 * 1024;

// A thread's stack: heap memory the harness counts (tests check that none leaks). Construct and
// destroy it with interrupts off, like any allocation. base() is 16-byte aligned, and so is top().
class Stack {
 public:
  explicit Stack(std::size_t bytes = kStackSize, lab::source_location where = lab::source_location::current());
  ~Stack();
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  std::byte* base() const noexcept { return base_; }  // lowest address
  std::byte* top() const noexcept { return base_ + size_; }  // one past the highest byte; 16-byte aligned
  std::size_t size() const noexcept { return size_; }

 private:
  std::byte* base_;
  std::size_t size_;
};

// The saved state of a thread that is not running. Your switch.S reads and writes only `sp`, at
// offset 0: the callee-saved registers themselves live on the thread's own stack. The other fields are
// the harness's (the sanitizers' view of the stack); set `stack` when you create a thread, leave it
// nullptr for the thread that was running already (the test's own thread).
struct Context {
  void* sp = nullptr;
  const Stack* stack = nullptr;
  // ---- harness-owned ----
  const void* known_base = nullptr;
  std::size_t known_size = 0;
  void* fake_stack = nullptr;
};
static_assert(offsetof(Context, sp) == 0, "switch.S relies on sp being the first field");

// Switches from the running thread (whose state is saved in `from`) to the thread saved in `to`, with
// your uthread_switch from switch.S, wrapped in the sanitizers' fiber annotations. Must be called with
// interrupts off; returns (with interrupts still off) when some thread later switches back to `from`.
void switch_context(Context* from, Context* to, lab::source_location where = lab::source_location::current()) noexcept;

// The first call a new thread makes, on its fresh stack, before anything else (like xv6's forkret):
// completes the switch that started it. Interrupts are still off when it returns.
void thread_begin() noexcept;

// ---- the checked list of threads ------------------------------------------------------------------------

// The link a thread needs to be on a ThreadList; put one in your thread record (`lab::ListNode node;`).
// A thread is on at most one list at a time: ready, sleeping, or waiting for something.
struct ListNode {
  ListNode* prev = nullptr;
  ListNode* next = nullptr;
  void* owner = nullptr;
  const void* list = nullptr;  // the list it is on, or nullptr
};

namespace detail {
// An intrusive FIFO of ListNodes. Every operation checks that interrupts are off (a lab::usage_error at
// the caller's line otherwise) and allocates nothing, so the timer handler may use it.
class NodeList {
 public:
  NodeList() noexcept;
  NodeList(const NodeList&) = delete;
  NodeList& operator=(const NodeList&) = delete;
  void push_back(ListNode* node, void* owner, const lab::source_location& where) noexcept;
  void push_front(ListNode* node, void* owner, const lab::source_location& where) noexcept;
  void* pop_front(const lab::source_location& where) noexcept;
  void remove(ListNode* node, const lab::source_location& where) noexcept;
  bool empty(const lab::source_location& where) const noexcept;
  std::size_t size(const lab::source_location& where) const noexcept;
  ListNode* first(const lab::source_location& where) const noexcept;

 private:
  void insert_before(ListNode* at, ListNode* node, void* owner, const lab::source_location& where) noexcept;
  ListNode head_;  // sentinel: head_.next is the front; the list is empty when it points to itself
  std::size_t size_ = 0;
};
}  // namespace detail

// A FIFO of threads for your ready list, sleepers and waiters: T must have a member `lab::ListNode node`.
// Use it only with interrupts off: every operation reports a lab::usage_error otherwise. Pushing a thread
// that is already on a list (this one or another) is a usage error too: a lost or duplicated thread
// shows up at your line, not as a hang.
template <class T>
class ThreadList {
 public:
  void push_back(T* thread, lab::source_location where = lab::source_location::current()) noexcept {
    list_.push_back(&thread->node, thread, where);
  }
  void push_front(T* thread, lab::source_location where = lab::source_location::current()) noexcept {
    list_.push_front(&thread->node, thread, where);
  }
  // Removes and returns the front thread; nullptr when empty.
  T* pop_front(lab::source_location where = lab::source_location::current()) noexcept {
    return static_cast<T*>(list_.pop_front(where));
  }
  // Removes `thread`, which must be on this list.
  void remove(T* thread, lab::source_location where = lab::source_location::current()) noexcept {
    list_.remove(&thread->node, where);
  }
  bool empty(lab::source_location where = lab::source_location::current()) const noexcept {
    return list_.empty(where);
  }
  std::size_t size(lab::source_location where = lab::source_location::current()) const noexcept {
    return list_.size(where);
  }
  // The front thread (nullptr when empty) and the one after `thread` (nullptr at the end), to scan the
  // list front to back, e.g. for the first thread of highest priority.
  T* front(lab::source_location where = lab::source_location::current()) const noexcept {
    return owner(list_.first(where));
  }
  T* next(const T* thread) const noexcept { return owner(thread->node.next); }

 private:
  T* owner(const ListNode* node) const noexcept {
    return node == nullptr || node->owner == nullptr ? nullptr : static_cast<T*>(node->owner);
  }
  detail::NodeList list_;
};

// ---- used by the harness (adapter and tests), not by your library ---------------------------------------

namespace hw {

using SwitchRoutine = void (*)(Context* from, Context* to);
using TickHandler = void (*)(void* context);

// Installs the student's uthread_switch (the adapter does this).
void install_switch(SwitchRoutine routine) noexcept;
// The installed routine (nullptr before install_switch), for tests that probe it directly.
SwitchRoutine installed_switch() noexcept;

// While a Machine lives, the calling thread is the CPU: the timer signal's handler is installed (it
// calls `handler(context)` at each tick with interrupts off) and the hardware counters start at zero.
// No periodic timer runs until start_timer. The destructor stops the timer and restores the signal.
class Machine {
 public:
  Machine(TickHandler handler, void* context);
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Starts a periodic timer: a tick every `period_us` microseconds (to this thread only).
  void start_timer(std::uint32_t period_us);
  void stop_timer();
  // Delivers one tick now, synchronously (if interrupts are on; else when they are enabled again).
  void tick();

  // Deterministic time, for tests whose verdict must not depend on wall time: start no timer, and every
  // lab::halt receives its tick at once (the idle CPU sleeps exactly until the next tick), so ticks come
  // only from tick() and from halts and every count depends on the schedule alone. When the CPU halts
  // `idle_limit` times in a row without interrupts ever being enabled in between, no thread can become
  // ready again (a lost wake-up): the test ends there, failed, with a finding that says so. With
  // `enables_per_tick` > 0, a slow clock ticks too, after that many enablings of interrupts without a tick
  // in between: code that waits by busy-looping (which never halts) then still sees time pass.
  void use_deterministic_time(std::uint64_t idle_limit = 10000, std::uint64_t enables_per_tick = 0);
  // Delivers one tick at the `n`-th change of the interrupt level from now on (1-based; 0 disarms):
  // just before intr_disable / intr_set_level(off) / an InterruptsOff turns interrupts off, or just after
  // intr_enable / a restore turns them on again. A test that runs a scenario once per n puts a tick at
  // every edge of every interrupts-on window of the student's code, in turn. With `stall`, the thread
  // gets another tick each time it comes back there after other threads ran, so it stays at that point
  // until no other thread can run: the longest the window can last.
  void force_tick_at_level_change(std::uint64_t n, bool stall = false);
};

// The tick forced by Machine::force_tick_at_level_change, once it has been delivered.
struct ForcedTick {
  bool delivered = false;
  bool before_off = false;  // true: just before interrupts went off; false: just after they came on
  lab::source_location where;  // the call that changed the level
  std::uint32_t ticks = 0;     // ticks delivered there (more than 1 when stalled)
};
ForcedTick forced_tick() noexcept;
// Level changes counted since force_tick_at_level_change armed the count.
std::uint64_t level_changes() noexcept;

struct Counters {
  std::uint64_t ticks = 0;          // ticks handled
  std::uint64_t halted_ticks = 0;   // ticks that arrived inside lab::halt
  std::uint64_t switches = 0;       // lab::switch_context calls
  std::uint64_t halts = 0;          // lab::halt calls
  std::int64_t live_stacks = 0;     // Stack objects alive (all machines)
  std::uint64_t misaligned_entries = 0;  // thread_begin calls whose frame was not 16-byte aligned
  std::uint64_t thread_begins = 0;
};
// A snapshot (read it with interrupts off or from the test's code between operations).
Counters counters() noexcept;

// True iff the caller's frame is 16-byte aligned, as the ABI guarantees for every function's frame.
bool frame_aligned() noexcept;

}  // namespace hw

}  // namespace lab
