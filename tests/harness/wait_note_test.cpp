// Unit tests of WaitNote (the watchdog's wait-for cycle) and ForcedSpuriousWakeups.
#include <gtest/gtest.h>

#include <harness/test_thread.hpp>
#include <lab/lab.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "wait_notes.hpp"

namespace {

using namespace std::chrono_literals;

// Waits (bounded) until the watchdog's text contains `phrase`.
bool notes_show(const std::string& phrase) {
  for (int i = 0; i < 2000; ++i) {
    if (harness::describe_wait_notes().find(phrase) != std::string::npos) return true;
    std::this_thread::sleep_for(1ms);
  }
  return false;
}

TEST(WaitNote, NotesOfThreadsWaitingOnEachOtherFormANamedCycle) {
  std::atomic<bool> release{false};
  const auto hold = [&](const char* what, const char* other) {
    harness::WaitNote note(what, other);
    while (!release.load()) std::this_thread::sleep_for(1ms);
  };
  {
    harness::TestThread a("thread a", [&] { hold("lock 2", "thread b"); });
    harness::TestThread b("thread b", [&] { hold("lock 1", "thread a"); });
    EXPECT_TRUE(notes_show("Cycle: thread a waits for lock 2 held by thread b -> thread b waits for lock 1 held by thread a"))
        << harness::describe_wait_notes();
    release.store(true);
  }
  EXPECT_EQ(harness::describe_wait_notes().find("Cycle"), std::string::npos);
}

TEST(WaitNote, ANoteWithoutACycleIsStillListed) {
  std::atomic<bool> release{false};
  harness::TestThread a("lonely", [&] {
    harness::WaitNote note("fork 3", "");
    while (!release.load()) std::this_thread::sleep_for(1ms);
  });
  EXPECT_TRUE(notes_show("lonely waits for fork 3")) << harness::describe_wait_notes();
  EXPECT_EQ(harness::describe_wait_notes().find("Cycle"), std::string::npos);
  release.store(true);
}

TEST(ForcedSpuriousWakeups, EveryOtherFutexWaitReturnsAtOnce) {
  lab::atomic<std::uint32_t> word{0};
  harness::ForcedSpuriousWakeups scope;
  std::atomic<int> returned{0};
  harness::TestThread waiter("waiter", [&] {
    lab::futex_wait(word, std::uint32_t{0});  // first call: returns at once although nobody woke it
    returned.fetch_add(1);
    lab::futex_wait(word, std::uint32_t{0});  // second call: really sleeps until woken
    returned.fetch_add(1);
  });
  for (int i = 0; i < 2000 && returned.load() == 0; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(returned.load(), 1);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(returned.load(), 1);  // asleep
  while (returned.load() < 2) {
    lab::futex_wake(word, 1);
    std::this_thread::sleep_for(1ms);
  }
  waiter.join();
}

}  // namespace
