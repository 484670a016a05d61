// The baton: exactly one interpreter thread runs, the one with the smallest virtual clock.
#include <algorithm>
#include <optional>
#include <utility>

#include "harness/test_thread.hpp"
#include "machine_state.hpp"

namespace harness::gil {
namespace {

using Status = Thread::Impl::Status;

// The time at which `thread` next does something, if it can: its clock when runnable, its deadline
// when in a timed wait; nothing when it sleeps with no deadline or has finished.
std::optional<vtime> next_event(const Thread::Impl& thread) {
  if (thread.status == Status::runnable) return thread.clock;
  if (thread.status == Status::timed) return thread.deadline;
  return std::nullopt;
}

// The thread that runs next: the smallest next event, ties to the lower id (a fixed rule, so every
// run of a submission is the same run).
Thread::Impl* pick(const VirtualMachine::State& machine) {
  Thread::Impl* best = nullptr;
  vtime best_time = 0;
  for (const auto& thread : machine.threads) {
    const std::optional<vtime> at = next_event(*thread);
    if (at && (best == nullptr || *at < best_time)) {
      best = thread.get();
      best_time = *at;
    }
  }
  return best;
}

// A timed wait whose deadline has come: it leaves its queue and runs at its deadline.
void time_out(Thread::Impl& thread) {
  if (thread.queue != nullptr) {
    auto& queue = *thread.queue;
    queue.erase(std::remove(queue.begin(), queue.end(), &thread), queue.end());
    thread.queue = nullptr;
  }
  thread.status = Status::runnable;
  thread.clock = std::max(thread.clock, thread.deadline);
  thread.timed_out = true;
}

}  // namespace

void spend(Lock& lock, Thread::Impl& me, vtime cost, bool cpu) {
  me.clock += cost;
  if (cpu) me.cpu += cost;
  reschedule(lock, me);
}

void reschedule(Lock& lock, Thread::Impl& me) {
  VirtualMachine::State& machine = me.machine;
  harness::progress();  // the watchdog sees a machine that moves on
  Thread::Impl* next = pick(machine);
  if (next == nullptr) {
    if (machine.finished == static_cast<int>(machine.threads.size())) return;
    report_deadlock(machine);
  }
  if (next->status == Status::timed) time_out(*next);
  if (next == &me) return;
  machine.current = next;
  next->baton.notify_one();
  if (me.status == Status::done) return;
  me.baton.wait(lock, [&] { return machine.current == &me; });
}

void wake(Thread::Impl& thread, vtime at) noexcept {
  thread.status = Status::runnable;
  thread.queue = nullptr;
  thread.clock = std::max(thread.clock, at);
}

void sleep_in(Lock& lock, Thread::Impl& me, std::deque<Thread::Impl*>* queue, vtime deadline) {
  if (queue != nullptr) queue->push_back(&me);
  me.queue = queue;
  me.timed_out = false;
  me.status = deadline >= 0 ? Status::timed : Status::blocked;
  me.deadline = deadline;
  reschedule(lock, me);
}

}  // namespace harness::gil
