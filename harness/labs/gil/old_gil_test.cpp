// Graded tests of the old GIL (Python 2): exclusion, a release every check interval, sleeping waiters, the convoy.
#include <gtest/gtest.h>

#include "gil_checks.hpp"
#include "scenarios.hpp"

namespace gil_lab {
namespace {

constexpr GilKind kOld = GilKind::old_gil;

TEST(OldGil, ExclusionTwoThreads) {
  for (const RunTrace& run : run_all({two_cpu_bound(kOld), cpu_and_io(kOld)})) EXPECT_TRUE(check_exclusion(run));
}

TEST(OldGil, ExclusionFourThreadsExiting) {
  for (const RunTrace& run : run_all({four_exiting(kOld), four_cpu_bound(kOld)})) EXPECT_TRUE(check_exclusion(run));
}

// check_interval() is read, not assumed: 37 and 100 steps; one thread alone, then two.
TEST(OldGil, ReleasesEveryCheckInterval) {
  const auto runs = run_all({scenario(kOld, "1 CPU-bound", {cpu_bound("cpu-0", 1000)}, {.check_interval = 37}),
                             scenario(kOld, "1 CPU-bound", {cpu_bound("cpu-0", 1000)}),
                             scenario(kOld, "2 CPU-bound", {cpu_bound("cpu-0", 3000), cpu_bound("cpu-1", 3000)},
                                      {.check_interval = 50})});
  EXPECT_TRUE(check_breaks_exactly_every_interval(runs[0]));
  EXPECT_TRUE(check_breaks_exactly_every_interval(runs[1]));
  EXPECT_TRUE(check_exclusion(runs[2]) && check_breaks_at_most_every_interval(runs[2]));
}

TEST(OldGil, WaitersSleep) {
  for (const RunTrace& run : run_all({cpu_and_io(kOld), two_cpu_bound(kOld)}))
    EXPECT_TRUE(check_exclusion(run) && check_waiters_sleep(run));
}

// Beazley's observation: a woken waiter finds the GIL taken again, so the I/O thread waits for the
// CPU-bound thread's whole run.
TEST(OldGil, ShowsTheConvoy) {
  const auto runs = run_all({cpu_and_io(kOld)});
  EXPECT_TRUE(check_exclusion(runs[0]) && check_convoy(runs[0]));
}

TEST(OldGil, SpuriousWakeups) {
  const Settings spurious{.spurious_wakeups = true};
  const auto runs = run_all({scenario(kOld, "3 CPU-bound",
                                      {cpu_bound("cpu-0", 5000), cpu_bound("cpu-1", 5000), cpu_bound("cpu-2", 5000)}, spurious),
                             cpu_and_io(kOld, spurious)});
  for (const RunTrace& run : runs) EXPECT_TRUE(check_exclusion(run) && check_breaks_at_most_every_interval(run));
}

}  // namespace
}  // namespace gil_lab
