// Unit tests of perturbation (perturb configuration): spurious futex returns, and correct locks stay fast.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <harness/harness.hpp>
#include <lab/lab.hpp>

namespace {

using namespace std::chrono_literals;

TEST(Perturbation, IsEnabledInThisConfiguration) {
  EXPECT_EQ(harness::config_name(), "perturb");
  EXPECT_TRUE(harness::perturbation_enabled());
}

// A wait on an unchanging word can only end by timing out, unless the harness returns spuriously.
// The choices are seeded, so the counts are the same on every run.
TEST(Perturbation, FutexWaitSometimesReturnsSpuriouslyButNotAlways) {
  lab::atomic<std::uint32_t> word{0};
  int spurious = 0;
  int timed_out = 0;
  for (int i = 0; i < 200; ++i) {
    if (lab::futex_wait_for(word, 0u, 200us)) {
      ++spurious;
    } else {
      ++timed_out;
    }
  }
  EXPECT_GT(spurious, 0);
  EXPECT_GT(timed_out, spurious) << "spurious returns must stay the exception";
}

// Drepper's "take 3" mutex: 0 unlocked, 1 locked, 2 locked with waiters.
class FutexMutex {
 public:
  void lock() {
    std::uint32_t state = 0;
    if (word_.compare_exchange_strong(state, 1, std::memory_order_acquire)) return;
    if (state != 2) state = word_.exchange(2, std::memory_order_acquire);
    while (state != 0) {
      lab::futex_wait(word_, 2u);
      state = word_.exchange(2, std::memory_order_acquire);
    }
  }
  void unlock() {
    if (word_.exchange(0, std::memory_order_release) == 2) lab::futex_wake(word_, 1);
  }

 private:
  lab::atomic<std::uint32_t> word_{0};
};

TEST(Perturbation, PerturbedStressOfACorrectLockStaysCorrectAndFast) {
  FutexMutex mutex;
  harness::CriticalSection section;
  constexpr int kThreads = 8;
  constexpr long kIterations = 3000;
  const auto start = std::chrono::steady_clock::now();
  harness::stress({.threads = kThreads, .iterations = kIterations}, [&](harness::StressThread& self, long) {
    mutex.lock();
    section.enter(self.index());
    section.leave(self.index());
    mutex.unlock();
  });
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(section.ok(kThreads * kIterations)) << section.explain(kThreads * kIterations);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  std::printf("perturbed stress: %d threads x %ld iterations in %lld ms\n", kThreads, kIterations,
              static_cast<long long>(millis));
  // Generous: the target is well under a second; this only catches perturbation gone wild.
  EXPECT_LT(millis, 10000);
}

}  // namespace
