// The async lab's simulated epoll: interest lists, level-triggered readiness, and waits that move virtual time.
#include <algorithm>
#include <string>

#include "aio_state.hpp"
#include "harness/findings.hpp"
#include "harness/test_thread.hpp"
#include "lab/usage.hpp"

namespace harness::aio {
namespace {

FdState* epoll_of(int epfd, const char* call, const lab::source_location& where) {
  FdState* state = find_fd(epfd);
  if (state == nullptr || state->kind != FdState::Kind::epoll) {
    lab::usage_error((std::string("lab::aio::") + call + "(" + std::to_string(epfd) + "): not an epoll fd").c_str(),
                     where);
    return nullptr;
  }
  return state;
}

// Fills `out` with the ready fds of `ep`; returns how many.
int collect(const FdState& ep, lab::aio::Event* out, int max) {
  int n = 0;
  for (const auto& [fd, events] : ep.interest) {
    if (n == max) break;
    const std::uint32_t ready = readiness(fd, events);
    if (ready != 0) out[n++] = {fd, ready};
  }
  return n;
}

void count_wait() {
  World& w = world();
  ++w.counters.waits;
  harness::progress();
  if (w.counters.waits > w.wait_budget && !w.over_budget_reported) {
    w.over_budget_reported = true;
    harness::report({"check",
                     "the loop ran more than " + std::to_string(w.wait_budget) +
                         " iterations (epoll_wait calls) for this test: does it poll with timeout 0 while "
                         "nothing is ready, or run one task per iteration?",
                     "", 0});
  }
}

// Called when nothing is ready, no timeout bounds the wait and the peer has nothing left to do: nothing
// can ever change, so the loop would hang. Ends the test with a diagnosis instead.
[[noreturn]] void end_forever(const lab::source_location& where) {
  end_test("the loop waits forever: epoll_wait(-1) with no timer pending and nothing that can become ready "
           "(a task that never finishes, or a lost wake-up)",
           where);
}

}  // namespace
}  // namespace harness::aio

namespace lab::aio {

using harness::aio::FdState;
using harness::aio::world;

int epoll_create(lab::source_location) {
  auto& w = world();
  const int fd = w.next_fd++;
  w.fds[fd] = FdState{FdState::Kind::epoll, -1, {}};
  return fd;
}

void epoll_ctl(int epfd, Ctl op, int fd, std::uint32_t events, lab::source_location where) {
  FdState* ep = harness::aio::epoll_of(epfd, "epoll_ctl", where);
  if (ep == nullptr) return;
  const std::string call = "lab::aio::epoll_ctl(" + std::string(op == Ctl::add ? "add" : op == Ctl::mod ? "mod" : "del") +
                           ", fd " + std::to_string(fd) + "): ";
  FdState* target = harness::aio::find_fd(fd);
  if (target == nullptr || target->kind == FdState::Kind::epoll) {
    lab::usage_error((call + "not an open pipe end (EBADF)").c_str(), where);
    return;
  }
  const bool present = ep->interest.count(fd) != 0;
  if (op == Ctl::add && present) return lab::usage_error((call + "already watched (EEXIST); use mod").c_str(), where);
  if (op != Ctl::add && !present) return lab::usage_error((call + "not watched (ENOENT)").c_str(), where);
  if (op == Ctl::del) {
    ep->interest.erase(fd);
    return;
  }
  ep->interest[fd] = events;
  auto& c = world().counters;
  c.max_watched = std::max<std::uint64_t>(c.max_watched, lab::aio::sim::watched_count());
}

int epoll_wait(int epfd, Event* events, int max, Millis timeout_ms, lab::source_location where) {
  FdState* ep = harness::aio::epoll_of(epfd, "epoll_wait", where);
  if (ep == nullptr) return 0;
  harness::aio::count_wait();
  if (max <= 0) {
    lab::usage_error("lab::aio::epoll_wait: max must be at least 1", where);
    return 0;
  }
  auto& w = world();
  const bool forever = timeout_ms < 0;
  const Millis deadline = forever ? 0 : w.now + timeout_ms;
  for (;;) {
    harness::aio::run_due_actions();
    ep = harness::aio::find_fd(epfd);
    const int n = harness::aio::collect(*ep, events, max);
    if (n > 0) return n;
    const bool has_action = !w.actions.empty();
    const Millis next = has_action ? w.actions.begin()->first : 0;
    if (forever) {
      if (!has_action) harness::aio::end_forever(where);
      w.now = std::max(w.now, next);
      continue;
    }
    if (has_action && next <= deadline) {
      w.now = std::max(w.now, next);
      continue;
    }
    if (timeout_ms == 0 && w.over_budget_reported) ++w.now;  // a polling loop still reaches its deadlines
    w.now = std::max(w.now, deadline);
    return 0;
  }
}

}  // namespace lab::aio
