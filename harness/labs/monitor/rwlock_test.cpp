// Graded tests of lab::RWLock: readers overlap, writers are exclusive, a waiting writer is not starved.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "monitor_tests_util.hpp"

namespace monitor_lab {
namespace {

// Three readers must be able to hold the lock at the same time.
TEST(RWLock, ReadersOverlap) {
  constexpr int kReaders = 3;
  AnyRWLock lock;
  std::atomic<int> inside{0};
  std::atomic<bool> leave{false};
  Threads readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.push_back(std::make_unique<harness::TestThread>("reader " + std::to_string(r), [&] {
      lock.lock_shared();
      inside.fetch_add(1);
      while (!leave.load()) {
        harness::progress();
        std::this_thread::sleep_for(100us);
      }
      inside.fetch_sub(1);
      lock.unlock_shared();
    }));
  }
  const bool overlapped = eventually([&] { return inside.load() == kReaders; });
  const int most = inside.load();
  leave.store(true);
  if (!all_finish(readers, [] {})) {
    harness::fail_check("a reader did not get out of RWLock::unlock_shared()");
  } else if (!overlapped) {
    harness::fail_check("readers did not share the RWLock: only " + std::to_string(most) + " of " +
                        std::to_string(kReaders) + " readers got in while the others held it\n"
                        "lock_shared() must let a reader in while only readers are inside.");
  }
}

// Readers and writers at random. A writer must be alone; readers never meet a writer. The writers
// update two plain fields a reader compares, so a lock without acquire/release ordering is a
// ThreadSanitizer data race, and a torn view shows in any build.
TEST(RWLock, WritersExclusive) {
  constexpr int kThreads = 4;
  const long iterations = for_config({.plain = 20000, .tsan = 2000, .perturb = 3000});
  const Budget budget({.plain = 800, .tsan = 3000, .perturb = 1500});
  AnyRWLock lock;
  std::atomic<int> readers{0};
  std::atomic<int> writers{0};
  std::atomic<bool> broken{false};
  long first = 0;   // plain on purpose: written by writers, read by readers, protected by the lock
  long second = 0;
  constexpr int kLooks = 16;
  const auto report = [&](const std::string& what) {
    if (!broken.exchange(true)) harness::fail_check("RWLock: " + what);
  };
  // The writer stays inside a little, looking for readers: one let in meanwhile is seen by both sides.
  const auto linger = [&] {
    for (int look = 0; look < 4 * kLooks; ++look) {
      if (const int r = readers.load(std::memory_order_relaxed); r > 0) {
        report("a reader got in while a writer held the lock (" + std::to_string(r) + " reader(s))");
      }
    }
  };
  harness::stress({.threads = kThreads, .iterations = iterations}, [&](harness::StressThread& self, long) {
    if (budget.spent() || broken.load(std::memory_order_relaxed)) return;
    if (self.rng().below(4) == 0) {
      lock.lock();
      const int w = writers.fetch_add(1, std::memory_order_relaxed) + 1;
      const int r = readers.load(std::memory_order_relaxed);
      if (w > 1) report("two writers held the lock at the same time");
      if (r > 0) report("a writer got the lock while " + std::to_string(r) + " reader(s) held it");
      ++first;
      linger();  // a reader let in now sees first != second
      ++second;
      writers.fetch_sub(1, std::memory_order_relaxed);
      lock.unlock();
    } else {
      lock.lock_shared();
      readers.fetch_add(1, std::memory_order_relaxed);
      for (int look = 0; look < kLooks; ++look) {  // several looks: a writer let in meanwhile is seen
        if (writers.load(std::memory_order_relaxed) > 0) report("a reader and a writer held the lock at the same time");
        if (first != second) report("a reader saw a half-finished write (the writer was not excluded)");
        std::atomic_signal_fence(std::memory_order_seq_cst);  // read the plain fields again each look
      }
      readers.fetch_sub(1, std::memory_order_relaxed);
      lock.unlock_shared();
    }
  });
}

// Readers keep the lock continuously busy: each holds it until a later reader has come in (up to a
// hold limit), so with reader preference there is never a moment without a reader. A writer that
// waits must still get in before readers arriving after it have entered kBound times.
TEST(RWLock, WriterNotStarved) {
  constexpr int kReaders = 3;
  constexpr long kBound = 200;  // reader entries while one writer waits; a correct lock needs a handful
  constexpr int kWrites = 3;
  const auto hold_limit = harness::config_name() == "plain" ? 100ms : 200ms;
  AnyRWLock lock;
  std::atomic<long> entries{0};
  std::atomic<long> waiting_since{-1};  // entries when the writer called lock(); -1: not waiting
  std::atomic<bool> stop{false};
  Threads readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.push_back(std::make_unique<harness::TestThread>("reader " + std::to_string(r), [&] {
      while (!stop.load()) {
        lock.lock_shared();
        const long mine = entries.fetch_add(1) + 1;
        const auto deadline = std::chrono::steady_clock::now() + hold_limit;
        while (entries.load() == mine && !stop.load() && std::chrono::steady_clock::now() < deadline) {
          harness::progress();
          std::this_thread::sleep_for(20us);
        }
        lock.unlock_shared();
      }
    }));
  }
  eventually([&] { return entries.load() >= 10; });
  harness::TestThread writer("writer", [&] {
    for (int w = 0; w < kWrites && !stop.load(); ++w) {
      waiting_since.store(entries.load());
      lock.lock();
      waiting_since.store(-1);
      lock.unlock();
      idle_for(5ms);
    }
  });
  long starved_for = 0;
  while (!writer.probe().finished()) {
    const long since = waiting_since.load();
    if (since >= 0 && entries.load() - since > kBound) {
      starved_for = entries.load() - since;
      break;
    }
    harness::progress();
    std::this_thread::sleep_for(200us);
  }
  stop.store(true);
  writer.join();
  if (!all_finish(readers, [] {})) {
    harness::fail_check("a reader did not get out of RWLock::unlock_shared()");
  } else if (starved_for > 0) {
    harness::fail_check("a waiting writer was starved: readers that came after it entered " +
                        std::to_string(starved_for) + " times while it waited (allowed: " + std::to_string(kBound) +
                        ")\nOnce a writer waits, lock_shared() must make new readers wait too (writer preference).");
  }
}

}  // namespace
}  // namespace monitor_lab
