// Graded tests: try_acquire() never waits; try_acquire_for(t) gives up after about t and succeeds as soon
// as a permit appears.
#include <atomic>
#include <string>

#include <gtest/gtest.h>

#include <harness/occupancy.hpp>

#include "sync_tests_util.hpp"

namespace semaphore_lab {
namespace {

using Clock = std::chrono::steady_clock;

// try_acquire() on an empty semaphore, from another thread: it must return false at once.
bool fails_at_once_when_empty() {
  AnySemaphore semaphore(0);
  std::atomic<int> result{-1};
  harness::TestThread caller("try_acquire caller", [&] { result.store(semaphore.try_acquire() ? 1 : 0); });
  if (!finishes(caller)) {
    harness::fail_check("try_acquire() on a Semaphore(0) waited instead of returning false at once");
    semaphore.release();  // lets the caller finish so the test can end
    return false;
  }
  if (result.load() == 1) {
    harness::fail_check("try_acquire() on a Semaphore(0) returned true: it took a permit that does not exist");
    return false;
  }
  return true;
}

// Exactly the free permits are taken; a failed attempt takes nothing (a later release is still there).
bool takes_exactly_the_free_permits() {
  AnySemaphore semaphore(2);
  const bool first = semaphore.try_acquire();
  const bool second = semaphore.try_acquire();
  const bool third = semaphore.try_acquire();
  if (!first || !second || third) {
    harness::fail_check("on a Semaphore(2), three try_acquire() calls returned " + std::to_string(first) + ", " +
                        std::to_string(second) + ", " + std::to_string(third) + " (expected 1, 1, 0)");
    return false;
  }
  semaphore.release();
  if (!semaphore.try_acquire()) {
    harness::fail_check("after a failed try_acquire(), release() and try_acquire() returned false: the failed "
                        "attempt changed the count (it must change nothing)");
    return false;
  }
  return true;
}

// Threads mixing try_acquire() and acquire() on a Semaphore(2) still never exceed two holders.
void mix_keeps_the_bound() {
  AnySemaphore semaphore(2);
  harness::OccupancyChecker occupancy(2);
  std::atomic<long> entries{0};
  const Budget budget({.plain = 300, .perturb = 500, .instrumented = 1000});
  harness::stress({.threads = 4, .iterations = sized({.plain = 20000, .perturb = 2000, .instrumented = 2000})},
                  [&](harness::StressThread& self, long) {
                    if (budget.spent() || !occupancy.ok()) return;
                    if (self.rng().chance(0.5)) {
                      if (!semaphore.try_acquire()) return;
                    } else {
                      semaphore.acquire();
                    }
                    occupancy.enter(self.index());
                    occupancy.leave();
                    entries.fetch_add(1, std::memory_order_relaxed);
                    semaphore.release();
                  });
  if (!occupancy.ok()) {
    harness::fail_check("Semaphore(2) with 4 threads mixing try_acquire() and acquire(): more than two held a "
                        "permit at once\n" + occupancy.explain(entries.load()));
  }
}

TEST(Semaphore, TryAcquire) {
  if (!fails_at_once_when_empty()) return;
  if (!takes_exactly_the_free_permits()) return;
  mix_keeps_the_bound();
}

// try_acquire_for(timeout) on a semaphore that stays empty: false, after roughly the timeout. The lower
// bound is half the timeout (a correct implementation never returns early, whatever the futex does);
// the upper bound is the timeout plus grace().
bool times_out(std::chrono::milliseconds timeout) {
  AnySemaphore semaphore(0);
  std::atomic<int> result{-1};
  std::atomic<long long> took_ns{0};
  harness::TestThread caller("try_acquire_for caller", [&] {
    const auto start = Clock::now();
    result.store(semaphore.try_acquire_for(timeout) ? 1 : 0);
    took_ns.store(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
  });
  const std::string call = "try_acquire_for(" + ms(timeout) + ") on an empty Semaphore";
  if (!finishes(caller, timeout + grace())) {
    harness::fail_check(call + " had not returned after " + ms(timeout + grace()) +
                        "\nSleep with lab::futex_wait_for(count, 0, time left), not lab::futex_wait, and give "
                        "up once the deadline has passed.");
    semaphore.release();  // lets the caller finish so the test can end
    return false;
  }
  const std::chrono::nanoseconds took(took_ns.load());
  if (result.load() == 1) {
    harness::fail_check(call + " returned true, but nobody released a permit");
    return false;
  }
  if (took < timeout / 2) {
    harness::fail_check(call + " gave up after only " + ms(took) +
                        "\nA futex_wait_for that returns early (woken, or spuriously) is not a timeout: "
                        "check the clock and sleep again for the time left.");
    return false;
  }
  return true;
}

// try_acquire_for(a long time) returns true as soon as another thread releases a permit.
bool succeeds_when_released() {
  AnySemaphore semaphore(0);
  std::atomic<int> result{-1};
  harness::TestThread caller("try_acquire_for caller", [&] { result.store(semaphore.try_acquire_for(60s) ? 1 : 0); });
  if (!went_to_sleep(caller)) {
    harness::fail_check("a thread in try_acquire_for(60 s) on an empty Semaphore never called lab::futex_wait_for");
    semaphore.release();
    return false;
  }
  semaphore.release();
  if (!finishes(caller)) {
    harness::fail_check("try_acquire_for(60 s) did not return when another thread released a permit\n"
                        "release() must wake sleepers of try_acquire_for too.");
    return false;  // the caller cannot be stopped; the watchdog ends the test
  }
  if (result.load() != 1) {
    harness::fail_check("try_acquire_for(60 s) returned false although a permit was released while it waited");
    return false;
  }
  return true;
}

// A sleeper in try_acquire_for(60 s) is woken by release(1), but the test takes that permit first. The
// sleeper must go back to sleep (a wake-up is not a timeout) and take the next permit. Whether the test
// wins the race is up to the scheduler; attempts it loses prove nothing and are repeated.
enum class Steal { lost_race, ok, failed };

Steal steal_from_woken_sleeper() {
  AnySemaphore semaphore(0);
  std::atomic<int> result{-1};
  harness::TestThread sleeper("try_acquire_for caller", [&] { result.store(semaphore.try_acquire_for(60s) ? 1 : 0); });
  if (!went_to_sleep(sleeper)) {
    harness::fail_check("a thread in try_acquire_for(60 s) on an empty Semaphore never called lab::futex_wait_for");
    semaphore.release();
    return Steal::failed;
  }
  semaphore.release();
  if (!semaphore.try_acquire()) {
    if (finishes(sleeper)) return Steal::lost_race;  // the sleeper took the permit itself: fine
    harness::fail_check("try_acquire_for(60 s) did not return when another thread released a permit");
    return Steal::failed;  // the sleeper cannot be stopped; the watchdog ends the test
  }
  if (poll_until([&] { return sleeper.probe().finished(); }, 100ms)) {
    harness::fail_check("try_acquire_for(60 s) returned " + std::string(result.load() == 1 ? "true" : "false") +
                        " within 100 ms of a wake-up whose permit another thread had taken\n"
                        "A wake-up without a permit is not a timeout: try again, sleeping for the time left.");
    return Steal::failed;
  }
  semaphore.release();
  if (!finishes(sleeper) || result.load() != 1) {
    harness::fail_check("try_acquire_for(60 s) did not take a permit released while it waited");
    return Steal::failed;
  }
  return Steal::ok;
}

bool survives_stolen_wakeups() {
  int stolen = 0;
  for (int attempt = 0; attempt < 40 && stolen < 3; ++attempt) {
    const Steal outcome = steal_from_woken_sleeper();
    if (outcome == Steal::failed) return false;
    if (outcome == Steal::ok) ++stolen;
  }
  return true;
}

bool immediate_cases() {
  AnySemaphore semaphore(1);
  const bool with_permit = semaphore.try_acquire_for(0ms);
  const bool without = semaphore.try_acquire_for(0ms);
  if (with_permit && !without) return true;
  harness::fail_check("try_acquire_for(0 ms) on a Semaphore(1), twice, returned " + std::to_string(with_permit) +
                      ", " + std::to_string(without) + " (expected 1, 0)");
  return false;
}

TEST(Semaphore, TryAcquireFor) {
  if (!immediate_cases()) return;
  for (auto timeout : {50ms, 120ms}) {
    if (!times_out(timeout)) return;
  }
  if (!succeeds_when_released()) return;
  survives_stolen_wakeups();
}

}  // namespace
}  // namespace semaphore_lab
