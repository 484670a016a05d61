// Graded tests of timers: deadline order with ties in scheduling order, never early, never late.
#include <gtest/gtest.h>

#include <lab/aio.hpp>

#include "script_builder.hpp"

namespace async_lab {
namespace {

// Timers fire by deadline; equal deadlines in the order they were set (asyncio's heap of (when, seq)).
TEST(Timers, DeadlineOrderTiesInSchedulingOrder) {
  lab::aio::sim::Session session;
  Scenario sc{{Task("main").make(1, {1, 2, 3, 4, 5, 6, 7}).start(1).gather(1),
               Task("t30").sleep(30).record("woke"), Task("t10").sleep(10).record("woke"),
               Task("t50").sleep(50).record("woke"), Task("t20").sleep(20).record("woke"),
               Task("u10").sleep(10).record("woke"), Task("u30").sleep(30).record("woke"),
               Task("late").sleep(5).record("a").sleep(20).record("b")}};
  const Outcome out = run_checked(sc, "seven sleepers");
  const std::vector<std::string> expected = {"late a @5",   "t10 woke @10", "u10 woke @10", "t20 woke @20",
                                             "late b @25",  "t30 woke @30", "u30 woke @30", "t50 woke @50"};
  expect_trace(out, expected,
               "sleepers must wake at their deadline in deadline order, equal deadlines in the order sleep was "
               "called (the timer set at 5 ms for 25 ms goes before the ones due at 30)");
}

// A sleeper resumes exactly at start + duration: never before (the timer is due when when <= now), and
// not after (the loop never waits past the earliest deadline). Deadlines 1 ms apart catch a loop that
// fires what is due "within the clock resolution".
TEST(Timers, NeverEarlyNeverLate) {
  lab::aio::sim::Session session;
  Scenario sc{{Task("main").make(1, {1, 2, 3}).start(1).gather(1),
               Task("a").sleep(7).record("7").sleep(3).record("10").sleep(0).record("10 again").sleep(12)
                   .record("22").sleep(1).record("23"),
               Task("b").sleep(4).record("4").sleep(9).record("13").sleep(40).record("53"),
               // due 1 ms after a's and b's first deadlines: a loop that fires timers due "soon" wakes it early
               Task("c").sleep(5).record("5").sleep(6).record("11").sleep(3).record("14")}};
  const Outcome out = run_checked(sc, "two tasks with chains of sleeps");
  expect_events(out, "a", {"7 @7", "10 @10", "10 again @10", "22 @22", "23 @23"},
                "sleep(d) must resume at exactly now() + d (virtual time): earlier is a timer that fires early, "
                "later means the loop waited past the earliest deadline");
  expect_events(out, "b", {"4 @4", "13 @13", "53 @53"}, "the same for the second task");
  expect_events(out, "c", {"5 @5", "11 @11", "14 @14"},
                "the same for a task whose deadlines come 1 ms after the others' (a timer is due when "
                "when <= now, not when it is due within the next millisecond)");
}

}  // namespace
}  // namespace async_lab
