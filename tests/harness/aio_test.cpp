// Unit tests of the async lab's simulated I/O (lab/aio.hpp): virtual time, the peer, readiness, blocking calls.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <string>

#include "lab/aio.hpp"

namespace {

using lab::aio::Event;
namespace sim = lab::aio::sim;

// A wait with nothing ready jumps to the timeout at once; a peer write ends the wait at its time.
TEST(Aio, WaitMovesVirtualTimeToTheTimeoutOrThePeer) {
  sim::Session session;
  const lab::aio::Pipe p = lab::aio::pipe();
  const int ep = lab::aio::epoll_create();
  lab::aio::epoll_ctl(ep, lab::aio::Ctl::add, p.read_end, lab::aio::kIn);
  Event events[4];
  EXPECT_EQ(lab::aio::epoll_wait(ep, events, 4, 7), 0);
  EXPECT_EQ(lab::aio::now(), 7);
  sim::write_at(p.write_end, 30, "ab", 2);
  EXPECT_EQ(lab::aio::epoll_wait(ep, events, 4, 100), 1);
  EXPECT_EQ(lab::aio::now(), 30);
  EXPECT_EQ(events[0].fd, p.read_end);
  EXPECT_EQ(events[0].events, lab::aio::kIn);
  EXPECT_EQ(lab::aio::epoll_wait(ep, events, 4, 0), 1) << "level-triggered: still readable";
  char buf[8];
  EXPECT_EQ(lab::aio::read(p.read_end, buf, sizeof buf), 2);
  EXPECT_EQ(std::string(buf, 2), "ab");
  EXPECT_EQ(sim::counters().waits, 3u);
  EXPECT_EQ(sim::counters().blocking_calls, 0u);
}

// End of file is readable and reads 0; a full pipe is not writable until the peer drains it.
TEST(Aio, EndOfFileAndRoom) {
  sim::Session session;
  const lab::aio::Pipe p = lab::aio::pipe(3);
  EXPECT_EQ(lab::aio::write(p.write_end, "abcde", 5), 3) << "as much as fits";
  const int ep = lab::aio::epoll_create();
  lab::aio::epoll_ctl(ep, lab::aio::Ctl::add, p.write_end, lab::aio::kOut);
  Event events[2];
  sim::drain_at(p.read_end, 12, 2);
  EXPECT_EQ(lab::aio::epoll_wait(ep, events, 2, -1), 1);
  EXPECT_EQ(lab::aio::now(), 12);
  std::size_t n = 0;
  const char* drained = sim::drained(p.read_end, &n);
  EXPECT_EQ(std::string(drained, n), "ab");
  lab::aio::epoll_ctl(ep, lab::aio::Ctl::del, p.write_end, 0);
  EXPECT_FALSE(sim::watched(p.write_end));
  lab::aio::epoll_ctl(ep, lab::aio::Ctl::add, p.read_end, lab::aio::kIn);
  char buf[4];
  EXPECT_EQ(lab::aio::read(p.read_end, buf, sizeof buf), 1);
  sim::close_at(p.write_end, 20);
  EXPECT_EQ(lab::aio::epoll_wait(ep, events, 2, -1), 1);
  EXPECT_EQ(lab::aio::now(), 20);
  EXPECT_EQ(lab::aio::read(p.read_end, buf, sizeof buf), 0);
}

// Reading an empty pipe whose writer is open, writing a full one and sleep_blocking are reported.
TEST(Aio, BlockingCallsAreReported) {
  sim::Session session;
  const lab::aio::Pipe blocking_pipe = lab::aio::pipe(1);
  EXPECT_NONFATAL_FAILURE(
      {
        char c;
        EXPECT_EQ(lab::aio::read(blocking_pipe.read_end, &c, 1), -1);
      },
      "of an empty pipe at 0 ms would block the whole loop");
  EXPECT_EQ(lab::aio::write(blocking_pipe.write_end, "x", 1), 1);
  EXPECT_NONFATAL_FAILURE(EXPECT_EQ(lab::aio::write(blocking_pipe.write_end, "y", 1), -1), "into a full pipe");
  EXPECT_NONFATAL_FAILURE(lab::aio::sleep_blocking(5), "time.sleep");
  EXPECT_EQ(lab::aio::now(), 5);
  EXPECT_EQ(sim::counters().blocking_calls, 3u);
}

// Over the session's budget, polling is reported once and each empty poll then costs 1 ms.
TEST(Aio, PollingBeyondTheBudgetIsReportedAndCostsTime) {
  sim::Session session(10);
  const int ep = lab::aio::epoll_create();
  Event events[1];
  for (int i = 0; i < 10; ++i) lab::aio::epoll_wait(ep, events, 1, 0);
  EXPECT_EQ(lab::aio::now(), 0);
  EXPECT_NONFATAL_FAILURE(lab::aio::epoll_wait(ep, events, 1, 0), "the loop ran more than 10 iterations");
  lab::aio::epoll_wait(ep, events, 1, 0);
  EXPECT_EQ(lab::aio::now(), 2);
}

}  // namespace
