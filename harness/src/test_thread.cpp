// TestThread and ThreadProbe: threads the harness can name, count and time.
#include "harness/test_thread.hpp"

#include <exception>
#include <thread>

#include "harness/findings.hpp"
#include "thread_registry.hpp"

namespace harness {

ThreadProbe::ThreadProbe(std::shared_ptr<ThreadState> state) noexcept : state_(std::move(state)) {}
std::uint64_t ThreadProbe::wait_ops() const noexcept { return state_->wait_ops.get(); }
std::uint64_t ThreadProbe::futex_waits() const noexcept { return state_->futex_waits.get(); }
std::uint64_t ThreadProbe::futex_wakes() const noexcept { return state_->futex_wakes.get(); }
std::uint64_t ThreadProbe::usage_errors() const noexcept { return state_->usage_errors.get(); }
std::chrono::nanoseconds ThreadProbe::cpu_time() const noexcept { return state_->cpu_time(); }
bool ThreadProbe::finished() const noexcept { return state_->finished.load(std::memory_order_acquire); }

struct TestThread::Impl {
  explicit Impl(std::shared_ptr<ThreadState> state) : probe(state) {}
  ThreadProbe probe;
  std::thread thread;
};

namespace {

// Runs on the new thread: binds its record, runs the body, turns an escaping exception into a finding
// (an exception leaving a std::thread would terminate the whole test process).
void run_test_thread(const std::shared_ptr<ThreadState>& state, const std::function<void()>& body) {
  state->attach_to_current_thread();
  try {
    body();
  } catch (const std::exception& error) {
    report({"exception", state->name + " threw an exception: " + error.what(), "", 0});
  } catch (...) {
    report({"exception", state->name + " threw an exception that is not a std::exception", "", 0});
  }
  state->mark_finished();
}

}  // namespace

TestThread::TestThread(std::string name, std::function<void()> body) {
  auto state = register_thread(std::move(name));
  impl_ = std::make_unique<Impl>(state);
  impl_->thread = std::thread([state, body = std::move(body)] { run_test_thread(state, body); });
}

TestThread::~TestThread() { join(); }

void TestThread::join() {
  if (impl_->thread.joinable()) impl_->thread.join();
}

const ThreadProbe& TestThread::probe() const noexcept { return impl_->probe; }

ThreadProbe current_thread_probe() { return ThreadProbe(current_thread_state_shared()); }

}  // namespace harness
