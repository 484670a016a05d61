// Graded tests: each lock keeps two and eight threads out of a critical section at the same time.
#include <gtest/gtest.h>

#include "lock_tests_util.hpp"

namespace mutex_lab {
namespace {

// Iterations per thread. Eight threads on few cores hand a fair lock to a thread that is not running
// (a convoy), so the 8-thread runs are shorter; the instrumented builds are slower per operation.
constexpr PerConfig kTwoThreads{.plain = 200000, .tsan = 20000, .perturb = 20000};
constexpr PerConfig kEightThreads{.plain = 20000, .tsan = 2000, .perturb = 2000};

TEST(SpinLock, MutualExclusion2Threads) { expect_mutual_exclusion(spin_lock_api(), 2, for_config(kTwoThreads)); }
TEST(SpinLock, MutualExclusion8Threads) { expect_mutual_exclusion(spin_lock_api(), 8, for_config(kEightThreads)); }

TEST(TicketLock, MutualExclusion2Threads) {
  expect_mutual_exclusion(ticket_lock_api(), 2, for_config(kTwoThreads));
}
TEST(TicketLock, MutualExclusion8Threads) {
  expect_mutual_exclusion(ticket_lock_api(), 8, for_config(kEightThreads));
}

TEST(Mutex, MutualExclusion2Threads) { expect_mutual_exclusion(mutex_api(), 2, for_config(kTwoThreads)); }
TEST(Mutex, MutualExclusion8Threads) { expect_mutual_exclusion(mutex_api(), 8, for_config(kEightThreads)); }

}  // namespace
}  // namespace mutex_lab
