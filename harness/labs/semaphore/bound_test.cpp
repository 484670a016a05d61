// Graded test: never more holders than permits (initial + released), and no permit lost or made up.
#include <atomic>
#include <string>

#include <gtest/gtest.h>

#include <harness/occupancy.hpp>

#include "sync_tests_util.hpp"

namespace semaphore_lab {
namespace {

// `threads` workers share a Semaphore(initial) to which `released` more permits are given before they
// start; each takes a permit, holds it briefly and gives it back. Polling workers take permits with
// try_acquire() in a loop instead of acquire(): nobody sleeps, so every worker competes for every permit.
struct BoundCase {
  int threads;
  std::uint32_t initial;
  std::uint32_t released;
  bool polling = false;
};

std::string describe(const BoundCase& c) {
  return "Semaphore(" + std::to_string(c.initial) + ")" +
         (c.released ? " plus release(" + std::to_string(c.released) + ")" : std::string()) + " with " +
         std::to_string(c.threads) + " threads" + (c.polling ? " polling try_acquire()" : "");
}

// With one permit the semaphore is a lock: harness::CriticalSection also keeps a plain counter inside,
// which ThreadSanitizer reports as a race when acquire/release do not order memory.
struct Watch {
  explicit Watch(long permits) : occupancy(permits) {}
  harness::OccupancyChecker occupancy;
  harness::CriticalSection section;
  std::atomic<long> entries{0};
};

void hold(Watch& watch, int who, harness::Rng& rng) {
  const bool exclusive = watch.occupancy.bound() == 1;
  watch.occupancy.enter(who);
  if (exclusive) watch.section.enter(who);
  for (int spin = static_cast<int>(rng.below(4)); spin > 0; --spin) harness::progress();
  if (exclusive) watch.section.leave(who);
  watch.occupancy.leave();
  watch.entries.fetch_add(1, std::memory_order_relaxed);
}

// After every worker gave its permits back, exactly initial + released must be left.
bool permits_conserved(AnySemaphore& semaphore, const BoundCase& c) {
  const long permits = static_cast<long>(c.initial + c.released);
  long left = 0;
  while (left <= permits && semaphore.try_acquire()) ++left;
  if (left == permits) return true;
  harness::fail_check(describe(c) + ": after the threads gave back every permit, try_acquire() succeeded " +
                      std::to_string(left) + (left > permits ? "+" : "") + " times (expected " +
                      std::to_string(permits) + "): permits were " + (left > permits ? "made up" : "lost") +
                      "\nDecrement the count only when it is positive, in one compare-exchange.");
  return false;
}

bool check_bound(const BoundCase& c) {
  AnySemaphore semaphore(c.initial);
  if (c.released > 0) semaphore.release(c.released);
  Watch watch(static_cast<long>(c.initial + c.released));
  const Budget budget({.plain = 300, .perturb = 500, .instrumented = 1000});
  const long iterations = sized({.plain = 50000, .perturb = 3000, .instrumented = 3000});
  harness::stress({.threads = c.threads, .iterations = iterations}, [&](harness::StressThread& self, long) {
    if (budget.spent() || !watch.occupancy.ok()) return;  // one excess is enough
    if (!c.polling) {
      semaphore.acquire();
    } else {
      while (!semaphore.try_acquire()) {
        if (budget.spent()) return;
        harness::progress();
      }
    }
    hold(watch, self.index(), self.rng());
    semaphore.release();
  });
  const long entries = watch.entries.load();
  if (!watch.occupancy.ok()) {
    harness::fail_check(describe(c) + ": more threads held a permit than there were permits\n" +
                        watch.occupancy.explain(entries));
    return false;
  }
  if (watch.occupancy.bound() == 1 && !watch.section.ok(entries)) {
    harness::fail_check(describe(c) + ": the single permit did not exclude\n" + watch.section.explain(entries));
    return false;
  }
  return permits_conserved(semaphore, c);
}

TEST(Semaphore, ConcurrencyBound) {
  for (const BoundCase& c : {BoundCase{4, 1, 0}, BoundCase{4, 2, 0, true}, BoundCase{8, 3, 0}, BoundCase{6, 0, 2}}) {
    if (!check_bound(c)) return;
  }
}

}  // namespace
}  // namespace semaphore_lab
