// Unit tests of the watchdog's judgement: deadlock only when every test thread stayed blocked, livelock
// when threads used CPU, no verdict while a thread was ready to run but got no CPU (a loaded machine).
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <harness/test_thread.hpp>
#include <lab/lab.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "stall_verdict.hpp"
#include "watchdog.hpp"

namespace {

using harness::StallKind;
using harness::ThreadWatch;
using namespace std::chrono_literals;

ThreadWatch blocked() { return {0.0, 10, 0}; }
ThreadWatch spinning() { return {0.15, 10, 10}; }  // a spinner's share on a crowded machine
ThreadWatch starved() { return {0.003, 10, 9}; }   // ready to run, given almost no CPU

TEST(StallVerdict, DeadlockOnlyWhenEveryThreadStayedBlocked) {
  EXPECT_EQ(harness::judge_stall(false, {blocked(), blocked()}), StallKind::deadlock);
  // Woken now and then (a timer tick) and asleep again: still blocked.
  EXPECT_EQ(harness::judge_stall(false, {blocked(), {0.001, 10, 1}}), StallKind::deadlock);
}

TEST(StallVerdict, AStarvedThreadMakesTheWindowInconclusive) {
  EXPECT_EQ(harness::judge_stall(false, {blocked(), starved()}), StallKind::inconclusive);
  EXPECT_EQ(harness::judge_stall(false, {spinning(), starved()}), StallKind::inconclusive);
}

TEST(StallVerdict, ThreadsUsingCpuWithoutProgressLivelock) {
  EXPECT_EQ(harness::judge_stall(false, {spinning(), blocked()}), StallKind::livelock);
}

TEST(StallVerdict, ProgressDuringTheWindowIsNoStall) {
  EXPECT_EQ(harness::judge_stall(true, {blocked(), blocked()}), StallKind::progressed);
}

TEST(StallVerdict, WithoutProcStatesCpuUseDecides) {
  EXPECT_EQ(harness::activity_of({0.0, 0, 0}), harness::ThreadActivity::blocked);
  EXPECT_EQ(harness::activity_of({0.5, 0, 0}), harness::ThreadActivity::busy);
}

// Samples the watched threads for `window` the way the watchdog does.
harness::StallReport watch_for(std::chrono::milliseconds window, bool last_chance) {
  harness::StallSampler sampler;
  for (int i = 0; i < 10; ++i) {
    std::this_thread::sleep_for(window / 10);
    sampler.sample();
  }
  return sampler.finish(std::chrono::milliseconds(1000), false, last_chance);
}

// A test thread asleep in futex_wait while main (registered, waiting in no lab:: operation) looks on:
// a deadlock of 1 thread; main is not one of the test's threads.
TEST(StallSampler, ASleeperIsADeadlockAndMainIsNotCounted) {
  (void)harness::current_thread_probe();  // registers main, as the test binary's main does
  lab::atomic<std::uint32_t> word{0};
  std::atomic<bool> done{false};
  harness::TestThread sleeper("sleeper", [&] {
    while (!done.load()) lab::futex_wait(word, std::uint32_t{0});
  });
  ASSERT_TRUE(harness::wait_until_waiting(sleeper, "futex_wait"));
  std::this_thread::sleep_for(50ms);  // into the kernel's sleep
  const harness::StallReport report = watch_for(200ms, false);
  done.store(true);
  word.store(1);
  lab::futex_wake(word, 1);
  EXPECT_EQ(report.kind, StallKind::deadlock) << report.finding.message;
  EXPECT_NE(report.finding.message.find("sleeper: in futex_wait"), std::string::npos) << report.finding.message;
  EXPECT_EQ(report.finding.message.find("main thread"), std::string::npos) << report.finding.message;
}

// A spinning test thread: livelock, "1 of 1" (main is not counted).
TEST(StallSampler, ASpinnerIsALivelockOfItsOwn) {
  (void)harness::current_thread_probe();
  std::atomic<bool> done{false};
  harness::TestThread spinner("spinner", [&] {
    while (!done.load()) lab::cpu_relax();
  });
  // On a loaded machine a window may find the spinner ready to run yet given no CPU: no verdict then,
  // as in the watchdog, which watches again.
  harness::StallReport report = watch_for(200ms, false);
  for (int window = 0; window < 50 && report.kind == StallKind::inconclusive; ++window) report = watch_for(200ms, false);
  done.store(true);
  EXPECT_EQ(report.kind, StallKind::livelock) << report.finding.message;
  EXPECT_NE(report.finding.message.find("(1 of 1 burn CPU"), std::string::npos) << report.finding.message;
}

// Runs the calling thread on `cpu` only.
bool pin_to(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

// A test thread that wants to run but shares its CPU with a busy thread of normal priority while it
// has the lowest (SCHED_IDLE): the overloaded grader in small. Not a verdict about the code: no finding
// until the last chance, and then an "overload" finding (a grader error), never a deadlock.
TEST(StallSampler, AStarvedThreadIsNeverADeadlock) {
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  int cpu = 0;
  while (!CPU_ISSET(cpu, &allowed)) ++cpu;
  std::atomic<bool> done{false};
  std::atomic<bool> burner_pinned{false};
  std::thread burner([&] {  // not a test thread: the registry never sees it
    burner_pinned.store(pin_to(cpu));
    while (!done.load(std::memory_order_relaxed)) {
    }
  });
  std::atomic<bool> victim_ready{false};
  harness::TestThread victim("victim", [&] {
    sched_param param{};
    const bool idle = pthread_setschedparam(pthread_self(), SCHED_IDLE, &param) == 0 && pin_to(cpu);
    victim_ready.store(idle);
    while (!done.load(std::memory_order_relaxed)) {
    }
  });
  while (!victim_ready.load() && !victim.probe().finished()) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(50ms);
  const harness::StallReport inconclusive = watch_for(300ms, false);
  const harness::StallReport last = watch_for(300ms, true);
  done.store(true);
  burner.join();
  if (!burner_pinned.load() || !victim_ready.load()) GTEST_SKIP() << "cannot pin threads or use SCHED_IDLE here";
  EXPECT_EQ(inconclusive.kind, StallKind::inconclusive);
  EXPECT_TRUE(inconclusive.finding.kind.empty());
  EXPECT_EQ(last.kind, StallKind::inconclusive);
  EXPECT_EQ(last.finding.kind, "overload") << last.finding.message;
  EXPECT_NE(last.finding.message.find("victim: not in a lab:: operation — ready to run, but given no CPU"),
            std::string::npos)
      << last.finding.message;
}

}  // namespace
