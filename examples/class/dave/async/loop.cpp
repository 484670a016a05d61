// Your event loop's non-template half: task lifetime and cancellation, the loop iteration, timers, epoll.
#include "loop.hpp"

#include <algorithm>

namespace lab {

// ---- tasks ----------------------------------------------------------------------------------------------

bool TaskCore::cancel() {
  if (finished_) return false;
  // Cancel what the task awaits; if that cannot be cancelled (or it awaits nothing), the task raises
  // CancelledError when it next resumes.
  const CancelHook hook = std::exchange(hook_, {});
  if (hook.fn != nullptr && hook.fn(hook.arg)) return true;
  must_cancel_ = true;
  return true;
}

void TaskCore::rethrow_if_failed() const {
  if (cancelled_) throw CancelledError{};
  if (error_) std::rethrow_exception(error_);
}

void TaskCore::wake() {
  hook_ = {};
  loop_->call_soon({&run_step, this});
}

void TaskCore::run_waker(void* task) {
  auto* self = static_cast<TaskCore*>(task);
  self->hook_ = {};
  self->step();
}

void TaskCore::run_step(void* task) { static_cast<TaskCore*>(task)->step(); }

void TaskCore::remove_done_callback(Callback cb) {
  auto it = std::find(done_callbacks_.begin(), done_callbacks_.end(), cb);
  if (it != done_callbacks_.end()) done_callbacks_.erase(it);
}

void TaskCore::start(EventLoop& loop) {
  loop_ = &loop;
  started_ = true;
  ++refs_;  // the loop's reference, until the task is done
  loop.call_soon({&run_step, this});
}

void TaskCore::step() {
  if (finished_) return;
  if (!ran_ && must_cancel_) {
    // Cancelled before its first step: the body never runs (coro.throw() into a fresh coroutine).
    finish(nullptr, true);
    release();
    return;
  }
  ran_ = true;
  frame_.resume();
}

void TaskCore::finish(std::exception_ptr error, bool cancelled) {
  finished_ = true;
  cancelled_ = cancelled;
  error_ = std::move(error);
  hook_ = {};
  for (const Callback& cb : done_callbacks_) loop_->call_soon(cb);
  done_callbacks_.clear();
}

void TaskCore::release() {
  if (--refs_ == 0) frame_.destroy();
}

// ---- awaitables -----------------------------------------------------------------------------------------

bool SleepAwaiter::cancel(void* self) {
  auto* s = static_cast<SleepAwaiter*>(self);
  EventLoop::current().cancel_timer(s->key);
  s->cancelled = true;
  s->task->wake();
  return true;
}

bool IoAwaiter::cancel(void* self) {
  auto* s = static_cast<IoAwaiter*>(self);
  EventLoop::current().remove_waiter(s->fd, s->direction);
  s->cancelled = true;
  s->task->wake();
  return true;
}

namespace detail {

bool GatherWait::finished() const {
  if (first_failed != nullptr) return true;
  return std::all_of(children.begin(), children.end(), [](TaskCore* c) { return c->done(); });
}

void GatherWait::stop_waiting() {
  waiting = false;
  for (TaskCore* child : children) child->remove_done_callback({&on_child_done, this});
  task->wake();
}

void GatherWait::on_child_done(void* self) {
  auto* g = static_cast<GatherWait*>(self);
  if (!g->waiting) return;
  if (g->first_failed == nullptr && !g->cancelled) {
    for (TaskCore* child : g->children)
      if (child->failed()) {
        g->first_failed = child;
        break;
      }
  }
  const bool all_done = std::all_of(g->children.begin(), g->children.end(), [](TaskCore* c) { return c->done(); });
  if (all_done || (g->first_failed != nullptr && !g->cancelled)) g->stop_waiting();
}

bool GatherWait::cancel_children(void* self) {
  auto* g = static_cast<GatherWait*>(self);
  bool any = false;
  for (TaskCore* child : g->children) any = child->cancel() || any;
  if (!any) return false;
  g->cancelled = true;  // resumes once every child is done, then raises CancelledError
  return true;
}

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

Millis EventLoop::timeout() const {
  if (!ready_.empty()) return 0;
  if (timers_.empty()) return -1;
  return std::max<Millis>(0, timers_.front().when - aio::now());
}

void EventLoop::run_once() {
  events_.resize(std::max<std::size_t>(16, watches_.size()));
  const int n = aio::epoll_wait(epfd_, events_.data(), static_cast<int>(events_.size()), timeout());
  for (int i = 0; i < n; ++i) wake_io(events_[static_cast<std::size_t>(i)]);
  wake_due_timers();
  // Only what is ready now: callbacks queued while these run wait for the next iteration.
  for (std::size_t todo = ready_.size(); todo > 0; --todo) {
    const Callback cb = ready_.front();
    ready_.pop_front();
    cb();
  }
}

void EventLoop::wake_due_timers() {
  const Millis now = aio::now();
  while (!timers_.empty() && timers_.front().when <= now) {
    TaskCore* task = timers_.front().task;
    timers_.pop_front();
    task->wake();
  }
}

std::uint64_t EventLoop::call_at(Millis when, TaskCore* task) {
  const std::uint64_t seq = next_seq_++;
  timers_.push_back({when, seq, task});
  return seq;
}

void EventLoop::cancel_timer(std::uint64_t key) {
  auto it = std::find_if(timers_.begin(), timers_.end(), [key](const Timer& t) { return t.seq == key; });
  if (it != timers_.end()) timers_.erase(it);
}

void EventLoop::add_waiter(int fd, std::uint32_t direction, TaskCore* task) {
  Watch before = watches_[fd];
  Watch after = before;
  TaskCore*& slot = direction == aio::kIn ? after.reader : after.writer;
  if (slot != nullptr) lab::usage_error("two tasks wait for the same fd in the same direction");
  slot = task;
  watches_[fd] = after;
  set_interest(fd, before, after);
}

void EventLoop::remove_waiter(int fd, std::uint32_t direction) {
  auto it = watches_.find(fd);
  if (it == watches_.end()) return;
  const Watch before = it->second;
  Watch after = before;
  (direction == aio::kIn ? after.reader : after.writer) = nullptr;
  if (after.reader == nullptr && after.writer == nullptr) {
    watches_.erase(it);
  } else {
    it->second = after;
  }
  set_interest(fd, before, after);
}

void EventLoop::set_interest(int fd, const Watch& before, const Watch& after) {
  auto mask = [](const Watch& w) {
    return (w.reader != nullptr ? aio::kIn : 0u) | (w.writer != nullptr ? aio::kOut : 0u);
  };
  const std::uint32_t old_mask = mask(before);
  const std::uint32_t new_mask = mask(after);
  if (old_mask == new_mask) return;
  if (old_mask == 0) {
    aio::epoll_ctl(epfd_, aio::Ctl::add, fd, new_mask);
  } else if (new_mask == 0) {
    aio::epoll_ctl(epfd_, aio::Ctl::del, fd, 0);
  } else {
    aio::epoll_ctl(epfd_, aio::Ctl::mod, fd, new_mask);
  }
}

void EventLoop::wake_io(const aio::Event& event) {
  auto it = watches_.find(event.fd);
  if (it == watches_.end()) return;
  const Watch w = it->second;
  if ((event.events & aio::kIn) != 0 && w.reader != nullptr) {
    remove_waiter(event.fd, aio::kIn);
    w.reader->wake();
  }
  if ((event.events & aio::kOut) != 0 && w.writer != nullptr) {
    remove_waiter(event.fd, aio::kOut);
    w.writer->wake();
  }
}

}  // namespace lab
