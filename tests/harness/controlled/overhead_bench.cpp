// One long schedule for bench/controlled_overhead.sh: the scheduler's cost per point, fork cost amortised.
#include <gtest/gtest.h>

#include <harness/controlled.hpp>
#include <harness/stress.hpp>
#include <lab/atomic.hpp>

namespace {

// Two threads, 100 000 fetch_add scheduling points in all (run with a step bound above that).
TEST(ControlledOverhead, TwoThreadsCounting) {
  harness::explore([] {
    lab::atomic<int> counter{0};
    harness::stress({.threads = 2, .iterations = 50000, .pin_to_cores = false},
                    [&](harness::StressThread&, long) { counter.fetch_add(1); });
    EXPECT_EQ(counter.load(), 100000);
  });
}

}  // namespace
