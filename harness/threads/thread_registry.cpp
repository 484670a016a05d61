// The thread registry: one ThreadState per thread that uses the harness, found through a thread_local.
#include "thread_registry.hpp"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <mutex>

namespace harness {
namespace {

std::mutex registry_mutex;
std::vector<std::weak_ptr<ThreadState>>& registry() {
  static std::vector<std::weak_ptr<ThreadState>> threads;
  return threads;
}
std::atomic<int> next_index{0};

// Keeps a foreign thread's record alive for the thread's lifetime and marks it finished at thread exit.
struct ForeignThreadOwner {
  std::shared_ptr<ThreadState> state;
  ~ForeignThreadOwner() {
    if (state) state->mark_finished();
  }
};

thread_local ThreadState* t_state = nullptr;

void add_to_registry(const std::shared_ptr<ThreadState>& state) {
  std::lock_guard guard(registry_mutex);
  auto& threads = registry();
  std::erase_if(threads, [](const std::weak_ptr<ThreadState>& entry) { return entry.expired(); });
  threads.push_back(state);
}

std::string foreign_thread_name(int index) {
  bool is_main = ::syscall(SYS_gettid) == ::getpid();
  return is_main ? std::string("main thread") : "thread " + std::to_string(index);
}

// Slow path of current_thread_state(): the first lab:: call of a thread the harness did not create.
ThreadState& adopt_foreign_thread() {
  static thread_local ForeignThreadOwner owner;
  int index = next_index.fetch_add(1, std::memory_order_relaxed);
  auto state = std::make_shared<ThreadState>(foreign_thread_name(index), index, false);
  add_to_registry(state);
  owner.state = state;
  state->attach_to_current_thread();
  return *state;
}

}  // namespace

void CurrentOp::set(const lab::detail::OpSite& site) noexcept {
  kind.store(site.kind, std::memory_order_relaxed);
  address.store(site.address, std::memory_order_relaxed);
  file.store(site.file, std::memory_order_relaxed);
  line.store(site.line, std::memory_order_relaxed);
  value.store(site.value, std::memory_order_relaxed);
}

lab::detail::OpSite CurrentOp::get() const noexcept {
  lab::detail::OpSite site;
  site.kind = kind.load(std::memory_order_relaxed);
  site.address = address.load(std::memory_order_relaxed);
  site.file = file.load(std::memory_order_relaxed);
  site.line = line.load(std::memory_order_relaxed);
  site.value = value.load(std::memory_order_relaxed);
  return site;
}

void ThreadState::attach_to_current_thread() noexcept {
  t_state = this;
  tid.store(static_cast<int>(::syscall(SYS_gettid)), std::memory_order_relaxed);
  if (::pthread_getcpuclockid(::pthread_self(), &cpu_clock) == 0) {
    cpu_clock_valid.store(true, std::memory_order_release);
  }
  started.store(true, std::memory_order_release);
}

void ThreadState::mark_finished() noexcept {
  timespec now{};
  if (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0) {
    final_cpu_ns.store(std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec, std::memory_order_relaxed);
  }
  finished.store(true, std::memory_order_release);
}

std::chrono::nanoseconds ThreadState::cpu_time() const noexcept {
  auto final_time = [this] { return std::chrono::nanoseconds(final_cpu_ns.load(std::memory_order_relaxed)); };
  if (finished.load(std::memory_order_acquire)) return final_time();
  if (!cpu_clock_valid.load(std::memory_order_acquire)) return std::chrono::nanoseconds(0);
  timespec now{};
  if (::clock_gettime(cpu_clock, &now) != 0) {
    // The thread ended between the two checks; its final time is being (or has been) recorded.
    return final_time();
  }
  return std::chrono::nanoseconds(std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec);
}

ThreadState& current_thread_state() noexcept {
  if (t_state != nullptr) [[likely]] return *t_state;
  return adopt_foreign_thread();
}

std::shared_ptr<ThreadState> current_thread_state_shared() { return current_thread_state().shared_from_this(); }

std::shared_ptr<ThreadState> register_thread(std::string name) {
  int index = next_index.fetch_add(1, std::memory_order_relaxed);
  auto state = std::make_shared<ThreadState>(std::move(name), index, true);
  add_to_registry(state);
  return state;
}

std::vector<std::shared_ptr<ThreadState>> live_threads() {
  std::lock_guard guard(registry_mutex);
  std::vector<std::shared_ptr<ThreadState>> live;
  for (const auto& entry : registry()) {
    auto state = entry.lock();
    if (state && state->started.load(std::memory_order_acquire) && !state->finished.load(std::memory_order_acquire)) {
      live.push_back(std::move(state));
    }
  }
  return live;
}

std::vector<std::shared_ptr<ThreadState>> watched_threads() {
  std::vector<std::shared_ptr<ThreadState>> all = live_threads();
  std::vector<std::shared_ptr<ThreadState>> watched;
  for (const auto& thread : all) {
    if (thread->test_thread || thread->op.inside.load(std::memory_order_relaxed)) watched.push_back(thread);
  }
  return watched.empty() ? all : watched;
}

}  // namespace harness
