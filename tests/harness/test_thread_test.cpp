// Unit tests of TestThread, ThreadProbe (counters, CPU time) and wait_until_waiting.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <atomic>
#include <harness/harness.hpp>
#include <lab/lab.hpp>
#include <stdexcept>
#include <thread>

namespace {

using namespace std::chrono_literals;

TEST(WaitUntilWaiting, SeesAThreadThatWaitsWithCpuRelax) {
  std::atomic<bool> release{false};
  harness::TestThread spinner("spinner", [&] {
    while (!release.load()) lab::cpu_relax();
  });
  EXPECT_TRUE(harness::wait_until_waiting(spinner, "the spinner", 10));
  EXPECT_GE(spinner.probe().wait_ops(), 10u);
  release = true;
}

TEST(WaitUntilWaiting, ReportsAThreadThatNeverWaits) {
  std::atomic<bool> release{false};
  harness::TestThread busy("busy", [&] {
    while (!release.load()) {
    }
  });
  bool waited = true;
  EXPECT_NONFATAL_FAILURE(waited = harness::wait_until_waiting(busy, "lock() of a held SpinLock", 1, 50ms),
                          "lock() of a held SpinLock did not call lab::cpu_relax(), lab::yield() or "
                          "lab::futex_wait() while waiting for the lock (every waiting loop must)");
  EXPECT_FALSE(waited);
  release = true;
}

TEST(WaitUntilWaiting, AcceptsAThreadThatAlreadyFinished) {
  harness::TestThread quick("quick", [] {});
  quick.join();
  EXPECT_TRUE(harness::wait_until_waiting(quick, "quick", 1, 50ms));
}

TEST(TestThread, ExceptionEscapingTheBodyIsReported) {
  EXPECT_NONFATAL_FAILURE_ON_ALL_THREADS(
      { harness::TestThread thrower("thrower", [] { throw std::runtime_error("boom"); }); },
      "thrower threw an exception: boom");
}

TEST(TestThread, CountsItsOwnOperations) {
  lab::atomic<std::uint32_t> word{1};
  std::unique_ptr<harness::TestThread> worker;
  EXPECT_NONFATAL_FAILURE_ON_ALL_THREADS(
      {
        worker = std::make_unique<harness::TestThread>("worker", [&] {
          lab::cpu_relax();
          lab::yield();
          lab::futex_wait(word, 0u);
          lab::futex_wake(word, 1);
          lab::usage_error("pretend misuse");
        });
        worker->join();
      },
      "pretend misuse");
  EXPECT_EQ(worker->probe().wait_ops(), 3u);
  EXPECT_EQ(worker->probe().futex_waits(), 1u);
  EXPECT_EQ(worker->probe().futex_wakes(), 1u);
  EXPECT_EQ(worker->probe().usage_errors(), 1u);
}

// CPU time is measured, not timed: the spinner runs until it has used 100 ms of CPU, so a loaded
// machine only makes it slower, never wrong.
TEST(ThreadProbe, CpuTimeGrowsWhileSpinningAndIsKeptAfterTheEnd) {
  harness::TestThread spinner("spinner", [] {
    const harness::ThreadProbe self = harness::current_thread_probe();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (self.cpu_time() < 100ms && std::chrono::steady_clock::now() < deadline) {
    }
  });
  spinner.join();
  const auto final_time = spinner.probe().cpu_time();
  EXPECT_GE(final_time, 100ms);
  EXPECT_EQ(spinner.probe().cpu_time(), final_time) << "CPU time must stay readable after the thread ends";
}

TEST(ThreadProbe, SleepingThreadUsesAlmostNoCpu) {
  harness::TestThread sleeper("sleeper", [] { std::this_thread::sleep_for(300ms); });
  const auto start = std::chrono::steady_clock::now();
  sleeper.join();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const double share = harness::cpu_share(std::chrono::nanoseconds(0), sleeper.probe().cpu_time(),
                                          std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed));
  EXPECT_LT(share, 0.10);
}

TEST(ThreadProbe, CurrentThreadProbeCountsTheCaller) {
  const harness::ThreadProbe probe = harness::current_thread_probe();
  const auto before = probe.wait_ops();
  lab::cpu_relax();
  EXPECT_EQ(probe.wait_ops(), before + 1);
  EXPECT_FALSE(probe.finished());
  EXPECT_GT(probe.cpu_time(), std::chrono::nanoseconds(0));
}

}  // namespace

namespace {

TEST(ExpectUsageErrors, ExpectedUsageErrorsAreCountedButDoNotFail) {
  const harness::ThreadProbe probe = harness::current_thread_probe();
  const auto before = probe.usage_errors();
  {
    harness::ExpectUsageErrors expected;
    lab::usage_error("unlock() of a lock that is not locked");
    EXPECT_EQ(expected.count(), 1u);
  }
  EXPECT_EQ(probe.usage_errors(), before + 1);
  EXPECT_NONFATAL_FAILURE(lab::usage_error("outside the scope"), "outside the scope");
}

}  // namespace
