// lab::futex_wait / futex_wait_for / futex_wake: the real Linux futex, observed and perturbed (modelled by the
// scheduler in controlled builds).
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "controlled_runtime.hpp"
#include "global_counters.hpp"
#include "harness/checkers.hpp"
#include "lab/futex.hpp"
#include "perturbation.hpp"
#include "thread_registry.hpp"

namespace harness {

GlobalFutexCounters& global_futex_counters() noexcept {
  static GlobalFutexCounters counters;
  return counters;
}

FutexCounts futex_counts() noexcept {
  const GlobalFutexCounters& counters = global_futex_counters();
  return FutexCounts{counters.waits.load(std::memory_order_relaxed), counters.wakes.load(std::memory_order_relaxed),
                     counters.woken.load(std::memory_order_relaxed)};
}

}  // namespace harness

namespace lab::detail {
namespace {

// Bookkeeping shared by both waits. Returns false when perturbation decides on a spurious return.
bool enter_wait(harness::ThreadState& thread, void* word, std::uint32_t expected,
                const lab::source_location& where) noexcept {
  thread.op.set(make_site(OpKind::futex_wait, std::memory_order_seq_cst, word, where, expected));
  thread.wait_ops.bump();
  thread.futex_waits.bump();
  harness::global_futex_counters().waits.fetch_add(1, std::memory_order_relaxed);
  harness::perturb(harness::PerturbPoint::futex_wait);
  return !harness::spurious_futex_return();
}

// One FUTEX_WAIT; returns the errno of a failed call (EAGAIN, EINTR, ETIMEDOUT), else 0.
int sleep_on(harness::ThreadState& thread, void* word, std::uint32_t expected, const timespec* timeout) noexcept {
  thread.op.inside.store(true, std::memory_order_relaxed);
  long result = ::syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, timeout, nullptr, 0);
  int error = result == 0 ? 0 : errno;
  thread.op.inside.store(false, std::memory_order_relaxed);
  return error;
}

// Controlled builds: the same bookkeeping, but the thread sleeps in the scheduler (which decides about
// spurious wake-ups itself). Returns false on a time-out.
bool controlled_wait(harness::ThreadState& thread, void* word, std::uint32_t expected, bool timed,
                     const lab::source_location& where) noexcept {
  const OpSite site = make_site(OpKind::futex_wait, std::memory_order_seq_cst, word, where, expected);
  thread.op.set(site);
  thread.wait_ops.bump();
  thread.futex_waits.bump();
  harness::global_futex_counters().waits.fetch_add(1, std::memory_order_relaxed);
  thread.op.inside.store(true, std::memory_order_relaxed);
  const bool woken = harness::controlled::futex_wait(word, expected, site, timed);
  thread.op.inside.store(false, std::memory_order_relaxed);
  return woken;
}

}  // namespace

void futex_wait(void* word, std::uint32_t expected, const lab::source_location& where) noexcept {
  harness::ThreadState& thread = harness::current_thread_state();
  if (harness::controlled::active()) {
    controlled_wait(thread, word, expected, false, where);
    return;
  }
  if (!enter_wait(thread, word, expected, where)) return;
  sleep_on(thread, word, expected, nullptr);
}

bool futex_wait_for(void* word, std::uint32_t expected, std::chrono::nanoseconds timeout,
                    const lab::source_location& where) noexcept {
  harness::ThreadState& thread = harness::current_thread_state();
  if (harness::controlled::active()) return controlled_wait(thread, word, expected, true, where);
  if (!enter_wait(thread, word, expected, where)) return true;
  auto nanos = std::max<std::int64_t>(0, timeout.count());
  const timespec relative{static_cast<time_t>(nanos / 1'000'000'000), static_cast<long>(nanos % 1'000'000'000)};
  return sleep_on(thread, word, expected, &relative) != ETIMEDOUT;
}

int futex_wake(void* word, int count, const lab::source_location& where) noexcept {
  harness::ThreadState& thread = harness::current_thread_state();
  const OpSite site =
      make_site(OpKind::futex_wake, std::memory_order_seq_cst, word, where, static_cast<std::uint64_t>(count));
  thread.op.set(site);
  thread.futex_wakes.bump();
  harness::perturb(harness::PerturbPoint::futex_wake);
  long woken = harness::controlled::active() ? harness::controlled::futex_wake(word, count, site)
                                             : ::syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, count, nullptr, nullptr, 0);
  if (woken < 0) woken = 0;
  auto& counters = harness::global_futex_counters();
  counters.wakes.fetch_add(1, std::memory_order_relaxed);
  counters.woken.fetch_add(static_cast<std::uint64_t>(woken), std::memory_order_relaxed);
  return static_cast<int>(woken);
}

}  // namespace lab::detail
