// Your event loop: asyncio on C++20 coroutines — tasks, a ready queue, a timer heap, epoll, cancellation.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <lab/aio.hpp>
#include <lab/lab.hpp>

namespace lab {

using aio::Millis;

// Raised inside a task at the await where it was cancelled (asyncio.CancelledError).
struct CancelledError : std::exception {
  const char* what() const noexcept override { return "CancelledError"; }
};
// Raised by wait_for when its deadline passed (asyncio.TimeoutError, which is TimeoutError since 3.11).
struct TimeoutError : std::exception {
  const char* what() const noexcept override { return "TimeoutError"; }
};

// A function and its argument: what the ready queue holds (asyncio's Handle) and done callbacks.
struct Callback {
  void (*fn)(void*) = nullptr;
  void* arg = nullptr;
  void operator()() const { fn(arg); }
  bool operator==(const Callback&) const = default;
};

// What a suspended task waits on, as cancel() sees it: `fn(arg)` cancels that operation (removes the
// timer or the fd, cancels the awaited task) and returns whether it could (asyncio's _fut_waiter.cancel()).
struct CancelHook {
  bool (*fn)(void*) = nullptr;
  void* arg = nullptr;
};

class EventLoop;

// The part of every task that does not depend on its result type (asyncio.Task minus the result). It is
// the base of the promise, so it lives in the coroutine's frame and dies with it.
//
// Lifetime: the frame is destroyed when the last of its owners lets go: the Task object (one reference)
// and the loop, from start() until the task is done (one more).
class TaskCore {
 public:
  // asyncio Task.cancel(): false if the task is done. Else the operation it awaits is cancelled (its
  // timer or fd registration removed, the task it awaits cancelled in turn) and the task sees
  // CancelledError there; if it awaits nothing right now, at the next point where it resumes.
  bool cancel();
  bool done() const { return finished_; }
  bool cancelled() const { return cancelled_; }
  bool failed() const { return finished_ && (cancelled_ || error_ != nullptr); }
  // Throws what the task raised (CancelledError if it was cancelled). Precondition: done().
  void rethrow_if_failed() const;

  // ---- for awaitables ----
  // The task now waits on something that `hook` can cancel; cleared when the task is woken.
  void wait_on(CancelHook hook) { hook_ = hook; }
  // Queues the task to run (its wait is over); the callback form is for done callbacks.
  void wake();
  Callback waker() { return {&run_waker, this}; }
  // Takes a pending cancellation (asyncio's _must_cancel): the caller then raises CancelledError.
  bool take_cancel() { return std::exchange(must_cancel_, false); }
  void add_done_callback(Callback cb) { done_callbacks_.push_back(cb); }
  void remove_done_callback(Callback cb);

  // ---- for the loop, Task<T> and the promise ----
  void set_frame(std::coroutine_handle<> frame) { frame_ = frame; }
  bool started() const { return started_; }
  void start(EventLoop& loop);                           // queues the task's first step; the loop's reference
  void finish(std::exception_ptr error, bool cancelled);  // the coroutine ended: schedules done callbacks
  void release();                                         // drops a reference; destroys the frame at zero

 private:
  static void run_waker(void* task);
  static void run_step(void* task);
  void step();  // runs the task until its next await (asyncio's Task.__step)

  EventLoop* loop_ = nullptr;
  std::coroutine_handle<> frame_;
  bool started_ = false;
  bool ran_ = false;
  bool finished_ = false;
  bool cancelled_ = false;
  bool must_cancel_ = false;
  CancelHook hook_;
  std::vector<Callback> done_callbacks_;
  std::exception_ptr error_;
  int refs_ = 1;
};

// The loop (asyncio's BaseEventLoop with an epoll selector). The live one is EventLoop::current().
class EventLoop {
 public:
  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  static EventLoop& current();

  // Runs one iteration (asyncio's _run_once): waits for I/O no longer than until the earliest timer
  // (not at all if a callback is ready), queues the I/O wake-ups, then the due timers in deadline order
  // (ties in the order they were set), then runs exactly the callbacks that were ready at that point,
  // in FIFO order; callbacks queued meanwhile wait for the next iteration.
  void run_once();

  // asyncio's call_soon.
  void call_soon(Callback cb) { ready_.push_back(cb); }

  // Wakes `task` at virtual time `when`; returns a key for cancel_timer.
  std::uint64_t call_at(Millis when, TaskCore* task);
  void cancel_timer(std::uint64_t key);

  // Wakes `task` once `fd` is ready for `direction` (aio::kIn or aio::kOut), like add_reader/add_writer;
  // at most one task per fd and direction. remove_waiter is remove_reader/remove_writer.
  void add_waiter(int fd, std::uint32_t direction, TaskCore* task);
  void remove_waiter(int fd, std::uint32_t direction);

 private:
  struct Watch {
    TaskCore* reader = nullptr;
    TaskCore* writer = nullptr;
  };
  Millis timeout() const;
  void set_interest(int fd, const Watch& before, const Watch& after);
  void wake_io(const aio::Event& event);
  void wake_due_timers();

  int epfd_ = -1;
  std::deque<Callback> ready_;
  std::map<std::pair<Millis, std::uint64_t>, TaskCore*> timers_;  // (when, seq): a heap with removal
  std::map<std::uint64_t, Millis> timer_when_;                    // seq -> when, for cancel_timer
  std::uint64_t next_seq_ = 0;
  std::map<int, Watch> watches_;
  std::vector<aio::Event> events_;
};

template <class T>
class Task;

namespace detail {

// Task<T>'s promise: the TaskCore plus the result.
template <class T>
struct Promise : TaskCore {
  std::optional<T> value;

  Promise() { set_frame(std::coroutine_handle<Promise>::from_promise(*this)); }
  Task<T> get_return_object() { return Task<T>(std::coroutine_handle<Promise>::from_promise(*this)); }
  std::suspend_always initial_suspend() noexcept { return {}; }  // runs once start() queued it
  auto final_suspend() noexcept {
    struct Final {
      bool await_ready() noexcept { return false; }
      void await_suspend(std::coroutine_handle<Promise> h) noexcept { h.promise().release(); }
      void await_resume() noexcept {}
    };
    return Final{};
  }
  template <class V>
  void return_value(V&& v) {
    value.emplace(std::forward<V>(v));
    finish(nullptr, false);
  }
  void unhandled_exception() {
    try {
      throw;
    } catch (const CancelledError&) {
      finish(nullptr, true);
    } catch (...) {
      finish(std::current_exception(), false);
    }
  }
};

// The base of sleep, readable and writable: a cancellable wait of the awaiting task.
struct Wait {
  TaskCore* task = nullptr;
  bool cancelled = false;
  bool await_ready() const noexcept { return false; }
  // Call first in await_resume: raises CancelledError if the wait was cancelled.
  void raise_if_cancelled() {
    const bool cancelled_wait = std::exchange(cancelled, false);
    const bool must_cancel = task != nullptr && task->take_cancel();  // take it in any case
    if (cancelled_wait || must_cancel) throw CancelledError{};
  }
};

}  // namespace detail

// A coroutine run as a task of the loop (asyncio.Task). `co_await task` waits for it and returns its
// result (or raises what it raised); a task not started yet is started first (await create_task(coro)).
// Move-only. Destroying the Task object of a running task lets it run on: the loop keeps its frame.
template <class T>
class Task {
 public:
  using promise_type = detail::Promise<T>;

  Task(Task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  Task& operator=(Task other) noexcept {
    std::swap(h_, other.h_);
    return *this;
  }
  ~Task() {
    if (h_) h_.promise().release();
  }

  bool cancel() { return h_.promise().cancel(); }
  bool done() const { return h_.promise().done(); }
  bool cancelled() const { return h_.promise().cancelled(); }
  // The result. Precondition: done(). Raises what the task raised (CancelledError if cancelled).
  T result() const {
    h_.promise().rethrow_if_failed();
    return *h_.promise().value;
  }
  TaskCore& core() const { return h_.promise(); }

  auto operator co_await() { return Awaiter{&h_.promise()}; }

 private:
  friend struct detail::Promise<T>;
  explicit Task(std::coroutine_handle<promise_type> h) : h_(h) {}

  struct Awaiter {
    promise_type* child;
    TaskCore* waiter = nullptr;
    bool await_ready() const noexcept { return child->done(); }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) {
      waiter = &h.promise();
      if (!child->started()) child->start(EventLoop::current());
      child->add_done_callback(waiter->waker());
      waiter->wait_on({&cancel_child, child});
    }
    T await_resume() {
      if (waiter != nullptr && waiter->take_cancel()) throw CancelledError{};
      child->rethrow_if_failed();
      return *child->value;
    }
    static bool cancel_child(void* child) { return static_cast<TaskCore*>(child)->cancel(); }
  };

  std::coroutine_handle<promise_type> h_;
};

// asyncio.create_task: queues `task` to start (in FIFO order with everything else ready); returns it.
template <class T>
Task<T>& create_task(Task<T>& task) {
  if (!task.core().started()) task.core().start(EventLoop::current());
  return task;
}

// asyncio's loop.run_until_complete: runs the loop until `main` is done; returns its result or raises.
template <class T>
T run_until_complete(EventLoop& loop, Task<T>& main) {
  if (!main.core().started()) main.core().start(loop);
  while (!main.done()) loop.run_once();
  return main.result();
}

// ---- awaitables ------------------------------------------------------------------------------------------

// asyncio.sleep(ms): resumes the task at now() + ms, never earlier; sleep(0) just yields once.
struct SleepAwaiter : detail::Wait {
  Millis ms;
  std::uint64_t key = 0;
  explicit SleepAwaiter(Millis duration) : ms(duration) {}
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    task = &h.promise();
    if (ms <= 0) {
      task->wake();  // a bare yield: back of the ready queue, nothing to cancel
      return;
    }
    key = EventLoop::current().call_at(aio::now() + ms, task);
    task->wait_on({&cancel, this});
  }
  void await_resume() { raise_if_cancelled(); }
  static bool cancel(void* self);
};
inline SleepAwaiter sleep(Millis ms) { return SleepAwaiter{ms}; }

// Waits until `fd` is readable (kIn) or writable (kOut): the task leaves the ready queue meanwhile.
struct IoAwaiter : detail::Wait {
  int fd;
  std::uint32_t direction;
  IoAwaiter(int f, std::uint32_t d) : fd(f), direction(d) {}
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    task = &h.promise();
    EventLoop::current().add_waiter(fd, direction, task);
    task->wait_on({&cancel, this});
  }
  void await_resume() { raise_if_cancelled(); }
  static bool cancel(void* self);
};
inline IoAwaiter readable(int fd) { return {fd, aio::kIn}; }
inline IoAwaiter writable(int fd) { return {fd, aio::kOut}; }

// Like loop.sock_recv: waits until `fd` is readable, then reads up to `n` bytes; returns how many (0 at
// end of file).
struct ReadAwaiter : IoAwaiter {
  void* buf;
  std::size_t n;
  ReadAwaiter(int f, void* b, std::size_t count) : IoAwaiter(f, aio::kIn), buf(b), n(count) {}
  long await_resume() {
    raise_if_cancelled();
    return aio::read(fd, buf, n);
  }
};
inline ReadAwaiter read_some(int fd, void* buf, std::size_t n) { return {fd, buf, n}; }

// Waits until `fd` is writable, then writes as much of `data` as fits; returns how many (-1: reader gone).
struct WriteAwaiter : IoAwaiter {
  const void* data;
  std::size_t n;
  WriteAwaiter(int f, const void* d, std::size_t count) : IoAwaiter(f, aio::kOut), data(d), n(count) {}
  long await_resume() {
    raise_if_cancelled();
    return aio::write(fd, data, n);
  }
};
inline WriteAwaiter write_some(int fd, const void* data, std::size_t n) { return {fd, data, n}; }

// ---- gather and wait_for -------------------------------------------------------------------------------

namespace detail {

// Waits until every child is done or one of them failed (raised or was cancelled). Cancelling the waiting
// task cancels every child; it then resumes once all of them are done.
struct GatherWait {
  std::vector<TaskCore*> children;
  TaskCore* task = nullptr;
  TaskCore* first_failed = nullptr;  // the first child that failed, in time
  bool cancelled = false;
  bool waiting = false;

  bool await_ready() const { return finished(); }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    task = &h.promise();
    for (TaskCore* child : children) {
      if (!child->started()) child->start(EventLoop::current());
      if (!child->done()) child->add_done_callback({&on_child_done, this});
    }
    waiting = true;
    task->wait_on({&cancel_children, this});
  }
  void await_resume() {
    const bool cancelled_wait = std::exchange(cancelled, false);
    const bool must_cancel = task != nullptr && task->take_cancel();  // take it in any case
    if (cancelled_wait || must_cancel) throw CancelledError{};
  }
  bool finished() const;
  void stop_waiting();
  static void on_child_done(void* self);
  static bool cancel_children(void* self);
};

}  // namespace detail

// asyncio.gather(*children) with return_exceptions=False: starts every child not started yet, waits for
// all and returns their results in argument order. The first child that fails (in time) makes gather raise
// its exception (CancelledError if it was cancelled) at once; the others keep running. Cancelling the
// gathering task cancels every child. The children must outlive gather (they are the caller's).
template <class T>
Task<std::vector<T>> gather(std::vector<Task<T>>& children) {
  detail::GatherWait wait;
  for (Task<T>& child : children) wait.children.push_back(&child.core());
  co_await wait;
  if (wait.first_failed != nullptr) wait.first_failed->rethrow_if_failed();
  std::vector<T> results;
  for (Task<T>& child : children) results.push_back(child.result());
  co_return results;
}

namespace detail {
// wait_for's timer: after `ms`, notes the timeout and cancels `inner`.
Task<int> cancel_after(TaskCore& inner, Millis ms, bool& timed_out);
}  // namespace detail

// asyncio.wait_for(inner, timeout) (3.11): starts `inner` if needed and returns its result if it ends
// within `ms`. Else cancels it, waits until it has ended (its cleanup ran), and raises TimeoutError —
// unless it suppressed the cancellation and returned a value, which is then returned. Cancelling the
// waiting task cancels `inner`.
template <class T>
Task<T> wait_for(Task<T>& inner, Millis ms) {
  bool timed_out = false;
  Task<int> timer = detail::cancel_after(inner.core(), ms, timed_out);
  create_task(inner);
  create_task(timer);
  try {
    T value = co_await inner;
    timer.cancel();
    co_return value;
  } catch (const CancelledError&) {
    timer.cancel();
    if (timed_out) throw TimeoutError{};
    throw;
  }
}

}  // namespace lab
