// Graded tests of I/O readiness: tasks read and write pipes only when epoll says they are ready.
#include <gtest/gtest.h>

#include <string>

#include <lab/aio.hpp>

#include "script_builder.hpp"

namespace async_lab {
namespace {

// Readers wake when the peer's data (or end of file) arrives, interleaved with a timer, and never read
// an empty pipe (that read would block the whole loop: reported at your line).
TEST(Io, ReadsWhenDataArrives) {
  lab::aio::sim::Session session;
  const lab::aio::Pipe p1 = lab::aio::pipe();
  const lab::aio::Pipe p2 = lab::aio::pipe();
  lab::aio::sim::write_at(p1.write_end, 15, "hello", 5);
  lab::aio::sim::write_at(p2.write_end, 25, "ping", 4);
  lab::aio::sim::write_at(p1.write_end, 40, "world", 5);
  lab::aio::sim::close_at(p1.write_end, 60);
  Scenario sc{{Task("main").make(1, {1, 2, 3}).start(1).gather(1),
               Task("r1").read(p1.read_end).read(p1.read_end).read(p1.read_end),
               Task("r2").read(p2.read_end), Task("timer").sleep(30).record("woke")}};
  const Outcome out = run_checked(sc, "two readers and a sleeper");
  const std::vector<std::string> expected = {"r1 read hello @15", "r2 read ping @25", "timer woke @30",
                                             "r1 read world @40", "r1 eof @60"};
  expect_trace(out, expected,
               "each read must complete when its pipe becomes readable (data at 15, 25 and 40 ms, end of file at "
               "60 ms), no sooner and no later");
}

// A writer fills a 4-byte pipe, then waits for room each time the peer drains it.
TEST(Io, WritesWhenRoomAppears) {
  lab::aio::sim::Session session;
  const lab::aio::Pipe p = lab::aio::pipe(4);
  lab::aio::sim::drain_at(p.read_end, 10, 4);
  lab::aio::sim::drain_at(p.read_end, 20, 4);
  lab::aio::sim::drain_at(p.read_end, 30, 4);
  Scenario sc{{Task("main").make(1, {1}).start(1).await(1).sleep(15).record("end"),
               Task("writer").write(p.write_end, "abcdefghij")}};
  const Outcome out = run_checked(sc, "a writer on a small pipe");
  expect_events(out, "writer", {"wrote 10 @20"},
                "10 bytes through a 4-byte pipe drained at 10, 20 and 30 ms: 4 at once, 4 when room appears at "
                "10 ms, the last 2 at 20 ms");
  std::size_t n = 0;
  const char* drained = lab::aio::sim::drained(p.read_end, &n);
  check(std::string(drained, n) == "abcdefghij",
        msg("the peer must receive \"abcdefghij\", in order; it got \"", std::string(drained, n), "\""));
}

}  // namespace
}  // namespace async_lab
