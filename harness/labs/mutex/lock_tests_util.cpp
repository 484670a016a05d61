// Helpers shared by the mutex lab's graded tests (see lock_tests_util.hpp).
#include "lock_tests_util.hpp"

#include <thread>

namespace mutex_lab {

long for_config(const PerConfig& sizes) {
  const std::string_view config = harness::config_name();
  if (config == "tsan") return sizes.tsan;
  if (config == "perturb") return sizes.perturb;
  return sizes.plain;
}

std::chrono::milliseconds patience() {
  return harness::config_name() == "plain" ? 2000ms : 3000ms;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    harness::progress();
    std::this_thread::sleep_for(200us);
  }
  return true;
}

bool finishes(const harness::TestThread& thread, std::chrono::milliseconds limit) {
  return eventually([&] { return thread.probe().finished(); }, limit);
}

bool went_to_sleep(const harness::TestThread& thread) {
  return eventually([&] { return thread.probe().futex_waits() >= 1 || thread.probe().finished(); });
}

std::unique_ptr<harness::TestThread> lock_once_in_thread(AnyLock& lock, const std::string& name) {
  return std::make_unique<harness::TestThread>(name, [&lock] {
    lock.lock();
    lock.unlock();
  });
}

void idle_for(std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < deadline) {
    harness::progress();
    std::this_thread::sleep_for(5ms);
  }
}

Budget::Budget(const PerConfig& milliseconds)
    : end_(std::chrono::steady_clock::now() + std::chrono::milliseconds(for_config(milliseconds))) {}

bool Budget::spent() const noexcept { return std::chrono::steady_clock::now() >= end_; }

ExclusionWatch::ExclusionWatch(std::string what, int threads)
    : what_(std::move(what)), slots_(static_cast<std::size_t>(threads)) {}

void ExclusionWatch::enter(int who) {
  section_.enter(who);
  ++slots_[static_cast<std::size_t>(who)].entries;
  if (broken() && !reported_.exchange(true, std::memory_order_relaxed)) {
    harness::fail_check(what_ + ": two threads were inside the critical section at the same time");
  }
}

void ExclusionWatch::leave(int who) { section_.leave(who); }

long ExclusionWatch::total() const noexcept {
  long sum = 0;
  for (const Slot& slot : slots_) sum += slot.entries;
  return sum;
}

void ExclusionWatch::finish() {
  const long expected = total();
  if (section_.ok(expected)) return;
  const std::string details = section_.explain(expected);
  harness::fail_check(reported_.load() ? details : what_ + ": mutual exclusion is broken\n" + details);
}

void expect_mutual_exclusion(const LockApi& api, int threads, long iterations) {
  AnyLock lock(api);
  ExclusionWatch watch(std::string(api.name) + " with " + std::to_string(threads) + " threads", threads);
  const Budget budget({.plain = 400, .tsan = 1500, .perturb = 700});
  harness::stress({.threads = threads, .iterations = iterations}, [&](harness::StressThread& self, long) {
    if (budget.spent() || watch.broken()) return;  // one overlap is enough; a broken lock repeats it
    lock.lock();
    watch.enter(self.index());
    watch.leave(self.index());
    lock.unlock();
  });
  watch.finish();
}

std::string call(const LockApi& api, const char* function) {
  return std::string(api.name) + "::" + function + "()";
}

}  // namespace mutex_lab
