// Fake graded tests, one per outcome the test binary's main must turn into an exit status and results file.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <harness/harness.hpp>
#include <lab/lab.hpp>
#include <stdexcept>

#include "fake_locks.hpp"

namespace {

void stress_critical_section(void (*lock)(), void (*unlock)(), long iterations) {
  harness::CriticalSection section;
  harness::stress({.threads = 2, .iterations = iterations}, [&](harness::StressThread& self, long) {
    lock();
    section.enter(self.index());
    section.leave(self.index());
    unlock();
  });
  if (!section.ok(2 * iterations)) harness::fail_check(section.explain(2 * iterations));
}

}  // namespace

TEST(FakeLab, Passes) { stress_critical_section(fake_student::correct_lock, fake_student::correct_unlock, 2000); }

TEST(FakeLab, FailsCheck) {
  EXPECT_EQ(1 + 1, 3) << "arithmetic is broken";  // LINE:failed_check
}

TEST(FakeLab, Deadlocks) {
  harness::TestThread sleeper("sleeper", [] { fake_student::sleep_forever(); });
}

TEST(FakeLab, Livelocks) {
  harness::TestThread spinner("spinner", [] { fake_student::spin_forever(); });
}

TEST(FakeLab, UsageError) { fake_student::unlock_unlocked(); }

TEST(FakeLab, Todo) { fake_student::unfinished(); }

TEST(FakeLab, Throws) { throw std::runtime_error("surprise"); }

// The two workers take strict turns through a relaxed flag (which orders nothing for ThreadSanitizer).
// Without the turns a spin lock often lets one thread run all its iterations before the other starts,
// and Clang 14's TSan then misses the race in some runs; interleaved, it is reported every time.
TEST(FakeLab, RacesUnderTsan) {
  auto owned = std::make_unique<harness::CriticalSection>();
  harness::CriticalSection& section = *owned;
  std::atomic<int> turn{0};
  constexpr long kRounds = 200;
  harness::stress({.threads = 2, .iterations = kRounds}, [&](harness::StressThread& self, long) {
    while (turn.load(std::memory_order_relaxed) != self.index()) lab::cpu_relax();
    fake_student::relaxed_lock();
    section.enter(self.index());
    section.leave(self.index());
    fake_student::relaxed_unlock();
    turn.store(1 - self.index(), std::memory_order_relaxed);
  });
  if (!section.ok(2 * kRounds)) harness::fail_check(section.explain(2 * kRounds));
}

// Each iteration sees its own seed; fails only in the third iteration of a run seeded with 10.
TEST(FakeLab, FailsAtSeed12) { EXPECT_NE(harness::seed(), 12u) << "seed 12 fails"; }
