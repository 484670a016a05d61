// Graded tests of tasks and the ready queue: results, FIFO order, and what one loop iteration runs.
#include <gtest/gtest.h>

#include <lab/aio.hpp>

#include "script_builder.hpp"

namespace async_lab {
namespace {

// asyncio: `t = create_task(child()); await t` gives child's return value; awaiting a coroutine that was
// never scheduled runs it too, and awaiting a finished task returns its result at once.
TEST(Tasks, AwaitReturnsTheResult) {
  lab::aio::sim::Session session;
  Scenario sc{{Task("main").make(1, {1}).await(1).make(2, {2}).start(2).sleep(20).await(2).ret(7),
               Task("child").sleep(10).record("done").ret(42), Task("early").sleep(5).ret(5)}};
  const Outcome out = run_checked(sc, "a task awaiting two children");
  expect_events(out, "main", {"result 42 @10", "result 5 @30"},
                "await of a task gives its return value when it ends (a task that already ended: at once)");
  expect_events(out, "child", {"done @10"}, "the awaited child runs until it returns");
  check(out.main_returned && out.main_result == 7,
        msg("run_until_complete must return the main task's value 7, got ", out.main_result));
}

// Three tasks that yield with sleep(0) interleave in the order they were created, and a task created
// while another runs joins the back of the queue (asyncio's call_soon FIFO).
TEST(Order, ReadyQueueIsFifo) {
  lab::aio::sim::Session session;
  auto yielder = [](const std::string& n) {
    return Task(n).record(n + "0").sleep(0).record(n + "1").sleep(0).record(n + "2");
  };
  Scenario sc{{Task("main").make(1, {1, 2, 3}).start(1).await(1, 0).await(1, 1).await(1, 2),
               // a creates task n between a0 and its first yield
               Task("a").record("a0").make(5, {4}).start(5).sleep(0).record("a1").sleep(0).record("a2"),
               yielder("b"), yielder("c"), Task("n").record("n0")}};
  const Outcome out = run_checked(sc, "three tasks yielding with sleep(0)");
  const std::vector<std::string> expected = {"a a0 @0", "b b0 @0", "c c0 @0", "n n0 @0", "a a1 @0",
                                             "b b1 @0", "c c1 @0", "a a2 @0", "b b2 @0", "c c2 @0"};
  expect_trace(out, expected,
               "ready tasks must run in FIFO order (sleep(0) goes to the back of the queue; a new task too)");
}

// _run_once runs exactly the callbacks that were ready when it started: a task that yields runs again
// in the next iteration, after the loop has polled for I/O. A loop that drains the queue until it is
// empty starves I/O while any task keeps yielding.
TEST(Order, YieldedTasksWaitForTheNextIteration) {
  lab::aio::sim::Session session;
  const lab::aio::Pipe p = lab::aio::pipe();
  lab::aio::sim::write_at(p.write_end, 0, "x", 1);
  Scenario sc{{Task("main").make(1, {1, 2}).start(1).await(1, 0).await(1, 1),
               Task("spin").record("s0").sleep(0).record("s1").sleep(0).record("s2").sleep(0).record("s3"),
               Task("reader").read(p.read_end)}};
  const Outcome out = run_checked(sc, "a yielding task and a reader whose data is there");
  const std::vector<std::string> expected = {"spin s0 @0", "spin s1 @0", "reader read x @0", "spin s2 @0",
                                             "spin s3 @0"};
  expect_trace(out, expected,
               "one iteration runs only what was ready when it began; the next one polls epoll first, so the "
               "reader (ready in iteration 2) runs between s1 and s2");
}

}  // namespace
}  // namespace async_lab
