// Graded tests of cancellation: it reaches the awaited operation, runs the task's cleanup, and wait_for.
#include <gtest/gtest.h>

#include <string>

#include <lab/aio.hpp>

#include "script_builder.hpp"

namespace async_lab {
namespace {

std::string watched(int fd, bool yes) { return "watched " + std::to_string(fd) + (yes ? " yes" : " no"); }

// Cancelling a task blocked on a pipe removes the fd from epoll (remove_reader), runs its cleanup and
// ends it with CancelledError; data that arrives later is left alone.
TEST(Cancel, BlockedReaderLeavesEpoll) {
  lab::aio::sim::Session session;
  const lab::aio::Pipe p = lab::aio::pipe();
  lab::aio::sim::write_at(p.write_end, 40, "late", 4);
  Scenario sc{{Task("main").make(1, {1}).start(1).sleep(10).cancel(1).await(1, 0, true).probe_watched(p.read_end)
                   .sleep(50).probe_watched(p.read_end),
               Task("reader").read(p.read_end).record("read returned")}};
  const Outcome out = run_checked(sc, "cancelling a blocked reader");
  expect_events(out, "main",
                {"cancel true @10", "raised CancelledError @10", watched(p.read_end, false) + " @10",
                 watched(p.read_end, false) + " @60"},
                "the cancelled reader must end with CancelledError at once and its fd must leave epoll");
  expect_events(out, "reader", {"cleanup @10"}, "the reader's cleanup (its finally block) must run when it is cancelled");
}

// Cleanup runs (and may itself await); a task may suppress the cancellation; a task cancelled before it
// ever ran never runs; cancelling a finished task returns false.
TEST(Cancel, CleanupRunsAndMaySuppress) {
  lab::aio::sim::Session session;
  Scenario sc{{Task("main").make(1, {1, 2, 3}).start(1).sleep(10).cancel(1, 0).cancel(1, 1).await(1, 0, true)
                   .await(1, 1).make(2, {4}).start(2).cancel(2).await(2, 0, true).cancel(1, 2),
               Task("slow").sleep(100).record("never").cleanup(5), Task("stubborn").sleep(100).suppress_cancel(),
               Task("quick").ret(3), Task("unborn").record("ran")}};
  const Outcome out = run_checked(sc, "cancelling sleepers");
  expect_events(out, "main",
                {"cancel true @10", "cancel true @10", "raised CancelledError @15", "result -1 @15", "cancel true @15",
                 "raised CancelledError @15", "cancel false @15"},
                "cancel() returns true for a pending task; the task ends after its cleanup; a finished task "
                "cannot be cancelled");
  expect_events(out, "slow", {"cleanup @10", "cleanup done @15"}, "the cleanup runs and may await (5 ms)");
  expect_events(out, "stubborn", {"cleanup @10", "suppressed @10"}, "a task may catch CancelledError and return");
  expect_events(out, "unborn", {}, "a task cancelled before its first step never runs (coro.throw on a new coroutine)");
}

// asyncio.wait_for: on timeout the inner task is cancelled, its cleanup runs, and only then TimeoutError;
// a task that ends in time gives its result; one that suppresses the cancellation gives its value.
TEST(Cancel, WaitForCancelsTheInnerTaskOnTimeout) {
  lab::aio::sim::Session session;
  const lab::aio::Pipe p = lab::aio::pipe();
  Scenario sc{{Task("main").make(1, {1}).wait_for(1, 0, 20, true).probe_watched(p.read_end).make(2, {2})
                   .wait_for(2, 0, 20).make(3, {3}).wait_for(3, 0, 10).sleep(30),
               Task("inner").read(p.read_end).cleanup(3), Task("fast").sleep(5).ret(9),
               Task("stubborn").sleep(100).suppress_cancel()}};
  const Outcome out = run_checked(sc, "wait_for with a 20 ms timeout");
  expect_events(out, "main",
                {"raised TimeoutError @23", watched(p.read_end, false) + " @23", "result 9 @28", "result -1 @38"},
                "wait_for(inner, 20) must cancel inner at 20 ms, wait for its 3 ms cleanup, then raise TimeoutError "
                "(23 ms); a task that ends in time gives its result; one that suppresses the cancellation gives "
                "its value");
  expect_events(out, "inner", {"cleanup @20", "cleanup done @23"}, "the timed-out task is cancelled at 20 ms");
  expect_events(out, "stubborn", {"cleanup @38", "suppressed @38"}, "cancelled at its 10 ms timeout");
}

}  // namespace
}  // namespace async_lab
