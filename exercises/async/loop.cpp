// Your event loop's non-template half: task lifetime and cancellation, the loop iteration, timers, epoll.
#include "loop.hpp"

#include <algorithm>

namespace lab {

// ---- tasks ----------------------------------------------------------------------------------------------

bool TaskCore::cancel() { lab::todo("TaskCore::cancel"); }

void TaskCore::rethrow_if_failed() const { lab::todo("TaskCore::rethrow_if_failed"); }

void TaskCore::wake() { lab::todo("TaskCore::wake"); }

// A done callback that resumes the task: the wait is over, so there is nothing left to cancel.
void TaskCore::run_waker(void* task) {
  auto* self = static_cast<TaskCore*>(task);
  self->hook_ = {};
  self->step();
}

void TaskCore::run_step(void* task) { static_cast<TaskCore*>(task)->step(); }

void TaskCore::remove_done_callback(Callback) { lab::todo("TaskCore::remove_done_callback"); }

void TaskCore::start(EventLoop&) { lab::todo("TaskCore::start"); }

// asyncio's Task.__step. Careful: a task cancelled before its first step never runs its body.
void TaskCore::step() { lab::todo("TaskCore::step"); }

void TaskCore::finish(std::exception_ptr, bool) { lab::todo("TaskCore::finish"); }

void TaskCore::release() { lab::todo("TaskCore::release"); }

// ---- awaitables -----------------------------------------------------------------------------------------

bool SleepAwaiter::cancel(void*) { lab::todo("SleepAwaiter::cancel"); }

bool IoAwaiter::cancel(void*) { lab::todo("IoAwaiter::cancel"); }

namespace detail {

bool GatherWait::finished() const { lab::todo("GatherWait::finished"); }

void GatherWait::stop_waiting() { lab::todo("GatherWait::stop_waiting"); }

void GatherWait::on_child_done(void*) { lab::todo("GatherWait::on_child_done"); }

bool GatherWait::cancel_children(void*) { lab::todo("GatherWait::cancel_children"); }

Task<int> cancel_after(TaskCore& inner, Millis ms, bool& timed_out) {
  co_await sleep(ms);
  timed_out = true;
  inner.cancel();
  co_return 0;
}

}  // namespace detail

// ---- the loop -------------------------------------------------------------------------------------------

namespace {
EventLoop* current_loop = nullptr;
}  // namespace

EventLoop::EventLoop() : epfd_(aio::epoll_create()) { current_loop = this; }

EventLoop::~EventLoop() {
  aio::close(epfd_);
  if (current_loop == this) current_loop = nullptr;
}

EventLoop& EventLoop::current() {
  if (current_loop == nullptr) lab::todo("EventLoop::current() without a loop");
  return *current_loop;
}

Millis EventLoop::timeout() const { lab::todo("EventLoop::timeout"); }

void EventLoop::run_once() { lab::todo("EventLoop::run_once"); }

void EventLoop::wake_due_timers() { lab::todo("EventLoop::wake_due_timers"); }

std::uint64_t EventLoop::call_at(Millis, TaskCore*) { lab::todo("EventLoop::call_at"); }

void EventLoop::cancel_timer(std::uint64_t) { lab::todo("EventLoop::cancel_timer"); }

void EventLoop::add_waiter(int, std::uint32_t, TaskCore*) { lab::todo("EventLoop::add_waiter"); }

void EventLoop::remove_waiter(int, std::uint32_t) { lab::todo("EventLoop::remove_waiter"); }

void EventLoop::set_interest(int, const Watch&, const Watch&) { lab::todo("EventLoop::set_interest"); }

void EventLoop::wake_io(const aio::Event&) { lab::todo("EventLoop::wake_io"); }

}  // namespace lab
