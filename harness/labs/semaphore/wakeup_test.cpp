// Graded tests: no released permit is lost, release(n) wakes n sleepers, no lost wake-up, no futex call
// without waiters.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sync_tests_util.hpp"

namespace semaphore_lab {
namespace {

// Permits released before anybody waits are kept: k acquire() calls after release(k) all return at once.
TEST(Semaphore, ReleaseBeforeAcquire) {
  for (std::uint32_t k : {1u, 3u}) {
    AnySemaphore semaphore(0);
    semaphore.release(k);  // one release(k) ...
    for (std::uint32_t i = 0; i < k; ++i) semaphore.release();  // ... and k release()
    harness::TestThread taker("taker", [&] {
      for (std::uint32_t i = 0; i < 2 * k; ++i) semaphore.acquire();
    });
    if (!finishes(taker)) {
      harness::fail_check("after release(" + std::to_string(k) + ") and " + std::to_string(k) +
                          " release() on a Semaphore(0), acquire() blocked before taking " + std::to_string(2 * k) +
                          " permits: a permit released before anybody waited was lost");
      semaphore.release(2 * k);  // lets the taker finish so the test can end
      return;
    }
    if (semaphore.try_acquire()) {
      harness::fail_check("after " + std::to_string(2 * k) + " permits were released and " + std::to_string(2 * k) +
                          " taken, try_acquire() still succeeded: a permit was made up");
      return;
    }
  }
}

// k threads asleep in acquire(); one release(k) must let all k through (not just one).
bool release_wakes(std::uint32_t k) {
  AnySemaphore semaphore(0);
  std::vector<std::unique_ptr<harness::TestThread>> sleepers;
  for (std::uint32_t i = 0; i < k; ++i) {
    sleepers.push_back(std::make_unique<harness::TestThread>("sleeper " + std::to_string(i), [&] { semaphore.acquire(); }));
  }
  for (auto& sleeper : sleepers) {
    if (!went_to_sleep(*sleeper)) {
      harness::fail_check("a thread blocked in acquire() on a Semaphore(0) never called lab::futex_wait\n"
                          "A waiter must sleep with lab::futex_wait(count, 0), not spin.");
      semaphore.release(k);
      return false;
    }
  }
  semaphore.release(k);
  int woken = 0;
  for (auto& sleeper : sleepers) woken += finishes(*sleeper) ? 1 : 0;
  if (woken == static_cast<int>(k)) return true;
  harness::fail_check("release(" + std::to_string(k) + ") with " + std::to_string(k) +
                      " threads asleep in acquire() let only " + std::to_string(woken) +
                      " of them through; the others slept on with permits available\n"
                      "release(n) must wake up to n sleepers: lab::futex_wake(count, n).");
  semaphore.release(k);  // lets the rest finish so the test can end
  return false;
}

TEST(Semaphore, ReleaseWakesN) {
  for (std::uint32_t k : {2u, 3u, 5u}) {
    if (!release_wakes(k)) return;
  }
}

// Threads in a ring hand one token on: thread i takes a permit of its own semaphore and releases the next
// thread's. Every hand-over meets a thread that is (about to go) asleep, so a wake-up that can be lost is
// lost sooner or later; the ring then stops, and the watchdog reports the deadlock.
void ring(int threads, long passes) {
  std::vector<std::unique_ptr<AnySemaphore>> turn;
  for (int i = 0; i < threads; ++i) turn.push_back(std::make_unique<AnySemaphore>(i == 0 ? 1 : 0));
  harness::stress({.threads = threads, .iterations = passes}, [&](harness::StressThread& self, long) {
    turn[static_cast<std::size_t>(self.index())]->acquire();
    turn[static_cast<std::size_t>((self.index() + 1) % threads)]->release();
  });
  if (!turn[0]->try_acquire()) {
    harness::fail_check("after a token went round a ring of " + std::to_string(threads) +
                        " threads, it was not back at the start: a released permit was lost");
  }
}

TEST(Semaphore, NoLostWakeup) {
  const long rounds = sized({.plain = 300, .perturb = 150, .instrumented = 40});
  const Budget budget({.plain = 800, .perturb = 1500, .instrumented = 2000});
  for (long round = 0; round < rounds && !budget.spent() && !::testing::Test::HasFailure(); ++round) {
    ring(2 + static_cast<int>(round % 2), 100);
  }
}

// Drepper's lesson for semaphores: a system call only when somebody sleeps.
TEST(Semaphore, NoFutexCallWhenUncontended) {
  AnySemaphore semaphore(2);
  const harness::FutexCounts before = harness::futex_counts();
  bool ok = true;
  for (int i = 0; i < 5000 && ok; ++i) {
    semaphore.acquire();
    semaphore.release();
    ok = semaphore.try_acquire() && semaphore.try_acquire_for(1ms);
    semaphore.release(2);
  }
  if (!ok) {
    harness::fail_check("try_acquire() or try_acquire_for(1ms) returned false on a Semaphore with 2 free permits");
    return;
  }
  const harness::FutexCounts after = harness::futex_counts();
  const auto waits = after.waits - before.waits;
  const auto wakes = after.wakes - before.wakes;
  if (waits != 0 || wakes != 0) {
    harness::fail_check("the Semaphore made futex calls with nobody waiting: " + std::to_string(wakes) +
                        " futex_wake and " + std::to_string(waits) +
                        " futex_wait calls for 5000 rounds of acquire/release/try_acquire by one thread\n"
                        "A futex call is a system call. release() should call lab::futex_wake only when a "
                        "thread has announced that it sleeps (e.g. a count of sleepers).");
  }
}

}  // namespace
}  // namespace semaphore_lab
