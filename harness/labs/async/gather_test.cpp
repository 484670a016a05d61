// Graded tests of gather: results in argument order, the first exception, cancelling a gather.
#include <gtest/gtest.h>

#include <lab/aio.hpp>

#include "script_builder.hpp"

namespace async_lab {
namespace {

// asyncio.gather returns the children's results in the order of its arguments, not of completion.
TEST(Gather, ResultsInArgumentOrder) {
  lab::aio::sim::Session session;
  Scenario sc{{Task("main").make(1, {1, 2, 3, 4}).gather(1).make(2, {}).gather(2),
               Task("c30").sleep(30).ret(1), Task("c10").sleep(10).ret(2), Task("c20").sleep(20).ret(3),
               Task("c0").ret(4)}};
  const Outcome out = run_checked(sc, "gather of four children");
  expect_events(out, "main", {"gathered [1, 2, 3, 4] @30", "gathered [] @30"},
                "gather returns when the last child ends, with the results in argument order (children end at "
                "30, 10, 20 and 0 ms); gather of nothing returns [] at once");
}

// With return_exceptions=False the first exception (in time) propagates at once; the other children
// keep running and can still be awaited. The first child is the slowest, so a gather that awaits its
// children one by one raises too late.
TEST(Gather, FirstExceptionPropagatesOthersKeepRunning) {
  lab::aio::sim::Session session;
  Scenario sc{{Task("main").make(1, {1, 2, 3, 4}).gather(1, true).await(1, 0).await(1, 3, true),
               Task("b").sleep(30).record("b done").ret(2), Task("a").sleep(10).raise("boom"),
               Task("c").sleep(5).ret(3), Task("d").sleep(20).raise("late")}};
  const Outcome out = run_checked(sc, "gather with failing children");
  expect_events(out, "main", {"raised ScriptError: boom @10", "result 2 @30", "raised ScriptError: late @30"},
                "gather must raise the first child's exception when it happens (10 ms), not wait for the others, "
                "which must go on running (b ends at 30 ms, not cancelled)");
  expect_events(out, "b", {"b done @30"}, "a sibling of the failed child is not cancelled");
}

// Cancelling the task that awaits gather cancels every child; the gathering task raises CancelledError
// once they have all ended (their cleanup included).
TEST(Gather, CancellingTheGatherCancelsItsChildren) {
  lab::aio::sim::Session session;
  Scenario sc{{Task("main").make(1, {1}).start(1).sleep(10).cancel(1).await(1, 0, true),
               Task("w").make(2, {2, 3}).gather(2), Task("c1").sleep(50).record("c1 done"),
               Task("c2").sleep(60).record("c2 done").cleanup(5)}};
  const Outcome out = run_checked(sc, "cancelling a task that awaits gather");
  expect_events(out, "main", {"cancel true @10", "raised CancelledError @15"},
                "the cancelled gatherer ends with CancelledError once its children's cleanup is over (15 ms)");
  expect_events(out, "c1", {"cleanup @10"}, "cancelling the gatherer cancels child c1 at its sleep");
  expect_events(out, "c2", {"cleanup @10", "cleanup done @15"}, "and child c2, whose cleanup takes 5 ms");
  expect_events(out, "w", {"cleanup @15"}, "the gatherer sees CancelledError after its children ended");
}

}  // namespace
}  // namespace async_lab
