// Unit tests of the gil lab's virtual-time multicore (harness/gil.hpp, lab/gil.hpp): order, costs, waits, deadlock.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/gil.hpp"
#include "lab/cpu.hpp"
#include "lab/gil.hpp"

namespace {

using harness::gil::Config;
using harness::gil::kCallCost;
using harness::gil::kRelaxCost;
using harness::gil::kStepCost;
using harness::gil::kWakeLatency;
using harness::gil::Thread;
using harness::gil::VirtualMachine;
using harness::gil::vtime;

// Runs `bodies` (named t0, t1, ...) on a fresh machine.
void run(std::vector<std::function<void(Thread&)>> bodies, Config config = {}) {
  VirtualMachine machine(config);
  std::vector<VirtualMachine::ThreadSpec> specs;
  for (std::size_t i = 0; i < bodies.size(); ++i) specs.push_back({"t" + std::to_string(i), bodies[i]});
  machine.run(std::move(specs));
}

TEST(gil_machine, StepsInterleaveInClockOrder) {
  std::string order;
  auto body = [&](int steps) {
    return [&order, steps](Thread& t) {
      for (int i = 0; i < steps; ++i) {
        t.step();
        order += std::to_string(t.id());
      }
    };
  };
  run({body(3), body(3)});
  EXPECT_EQ(order, "010101");  // equal clocks: the lower id first
}

TEST(gil_machine, UnlockWakesAfterTheLatencyAndTheUnlockerMayRelockFirst) {
  lab::gil::Mutex mutex;
  vtime got = -1, relocked = -1;
  run({[&](Thread& t) {
         mutex.lock();
         t.step();
         mutex.unlock();
         mutex.lock();  // no hand-off: the woken waiter is still 20 us away
         relocked = t.now();
         mutex.unlock();
       },
       [&](Thread& t) {
         mutex.lock();
         got = t.now();
         mutex.unlock();
       }});
  EXPECT_LT(relocked, got);
  EXPECT_GE(got, kStepCost + kWakeLatency);
}

TEST(gil_machine, TimedWaitTimesOutAtItsDeadlineOrWakesOnSignal) {
  lab::gil::Mutex mutex;
  lab::gil::Cond cond;
  bool first = false, second = true;
  vtime first_at = 0, second_at = 0;
  run({[&](Thread& t) {
         mutex.lock();
         first = cond.wait_for(mutex, std::chrono::microseconds(100));
         first_at = t.now();
         second = cond.wait_for(mutex, std::chrono::microseconds(100000));
         second_at = t.now();
         mutex.unlock();
       },
       [&](Thread& t) {
         t.io(1'000'000);  // 1 ms
         mutex.lock();
         cond.signal();
         mutex.unlock();
       }});
  EXPECT_TRUE(first);
  EXPECT_EQ(first_at, 2 * kCallCost + 100'000);  // lock, wait_for, then the deadline
  EXPECT_FALSE(second);
  EXPECT_GE(second_at, 1'000'000 + kWakeLatency);
  EXPECT_LT(second_at, 1'000'000 + kWakeLatency + 10 * kCallCost);
}

TEST(gil_machine, EveryThirdWaitIsSpuriousWhenAsked) {
  lab::gil::Mutex mutex;
  lab::gil::Cond cond;
  std::vector<bool> timed_out;
  Config config;
  config.spurious_wakeups = true;
  run({[&](Thread&) {
    mutex.lock();
    for (int i = 0; i < 3; ++i) timed_out.push_back(cond.wait_for(mutex, std::chrono::microseconds(50)));
    mutex.unlock();
  }}, config);
  EXPECT_EQ(timed_out, (std::vector<bool>{true, true, false}));
}

TEST(gil_machine, PollingCostsVirtualCpuAndLetsOthersRun) {
  vtime cpu = 0;
  bool seen = false;
  run({[&](Thread& t) {
         while (!seen) lab::cpu_relax();
         cpu = t.cpu();
       },
       [&](Thread& t) {
         t.io(10'000);
         seen = true;
       }});
  EXPECT_GE(cpu, 10'000);
  EXPECT_LE(cpu, 10'000 + kRelaxCost);
}

TEST(gil_machine, SettingsReachTheStudentCalls) {
  Config config;
  config.switch_interval = std::chrono::microseconds(1234);
  config.check_interval = 7;
  run({[&](Thread&) {
    EXPECT_EQ(lab::gil::switch_interval(), std::chrono::microseconds(1234));
    EXPECT_EQ(lab::gil::check_interval(), 7);
  }}, config);
}

TEST(gil_machine, DeadlockEndsTheTestNamingEachWait) {
  EXPECT_EXIT(
      {
        lab::gil::Mutex mutex;
        lab::gil::Cond cond;
        run({[&](Thread&) {
               mutex.lock();
               cond.wait(mutex);
             },
             [&](Thread&) {
               mutex.lock();
               cond.wait(mutex);
             }});
      },
      testing::ExitedWithCode(3), "deadlock.*t0 waits in Cond::wait at gil_machine_test.cpp:[0-9]+.*t1 waits in Cond::wait");
}

}  // namespace
