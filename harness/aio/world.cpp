// The async lab's simulated I/O world: the clock, fd lookup, readiness, the scripted peer and the Session.
#include "aio_state.hpp"
#include <cstdio>

#include "end_run.hpp"

namespace harness::aio {

World& world() {
  static World w;
  return w;
}

FdState* find_fd(int fd) {
  auto it = world().fds.find(fd);
  return it == world().fds.end() ? nullptr : &it->second;
}

std::uint32_t readiness(int fd, std::uint32_t events) {
  const FdState* state = find_fd(fd);
  if (state == nullptr || state->kind == FdState::Kind::epoll) return 0;
  const PipeState& p = world().pipes[static_cast<std::size_t>(state->pipe)];
  if (state->kind == FdState::Kind::read_end)
    return (events & lab::aio::kIn) != 0 && (!p.buffer.empty() || !p.writer_open) ? lab::aio::kIn : 0;
  return (events & lab::aio::kOut) != 0 && (p.buffer.size() < p.capacity || !p.reader_open) ? lab::aio::kOut : 0;
}

namespace {

void perform(const Action& a) {
  FdState* state = find_fd(a.fd);
  if (state == nullptr) return;  // the loop closed that end already
  PipeState& p = world().pipes[static_cast<std::size_t>(state->pipe)];
  switch (a.kind) {
    case Action::Kind::write:
      p.buffer.insert(p.buffer.end(), a.data.begin(), a.data.end());  // the peer may overfill: it is a test
      break;
    case Action::Kind::drain:
      for (std::size_t i = 0; i < a.n && !p.buffer.empty(); ++i) {
        p.drained.push_back(p.buffer.front());
        p.buffer.pop_front();
      }
      break;
    case Action::Kind::close:
      lab::aio::close(a.fd);
      break;
  }
}

}  // namespace

void run_due_actions() {
  auto& actions = world().actions;
  while (!actions.empty() && actions.begin()->first <= world().now) {
    const Action a = actions.begin()->second;
    actions.erase(actions.begin());
    perform(a);
  }
}

void end_test(const std::string& message, const lab::source_location& where) {
  std::fprintf(stderr, "%s:%u: %s\n", where.file_name(), static_cast<unsigned>(where.line()), message.c_str());
  harness::end_run_failed({"check", message, where.file_name(), where.line()}, 1);
}

}  // namespace harness::aio

namespace lab::aio {

Millis now() noexcept { return harness::aio::world().now; }

namespace sim {

Session::Session(std::uint64_t wait_budget) {
  harness::aio::world() = harness::aio::World{};
  harness::aio::world().wait_budget = wait_budget;
}
Session::~Session() { harness::aio::world() = harness::aio::World{}; }

void write_at(int write_end, Millis at, const char* data, std::size_t n) {
  harness::aio::Action a{harness::aio::Action::Kind::write, at, write_end, std::string(data, n), 0};
  harness::aio::world().actions.emplace(at, a);
}
void close_at(int fd, Millis at) {
  harness::aio::world().actions.emplace(at, harness::aio::Action{harness::aio::Action::Kind::close, at, fd, "", 0});
}
void drain_at(int read_end, Millis at, std::size_t n) {
  harness::aio::world().actions.emplace(at, harness::aio::Action{harness::aio::Action::Kind::drain, at, read_end, "", n});
}

const char* drained(int read_end, std::size_t* n) {
  const harness::aio::FdState* state = harness::aio::find_fd(read_end);
  static const char empty = 0;
  if (state == nullptr || state->pipe < 0) {
    *n = 0;
    return &empty;
  }
  const std::string& d = harness::aio::world().pipes[static_cast<std::size_t>(state->pipe)].drained;
  *n = d.size();
  return d.data();
}

Counters counters() noexcept { return harness::aio::world().counters; }

bool watched(int fd) noexcept {
  for (const auto& [epfd, s] : harness::aio::world().fds)
    if (s.interest.count(fd) != 0) return true;
  return false;
}

std::size_t watched_count() noexcept {
  std::size_t n = 0;
  for (const auto& [epfd, s] : harness::aio::world().fds) n += s.interest.size();
  return n;
}

std::size_t epoll_instances() noexcept {
  std::size_t n = 0;
  for (const auto& [fd, s] : harness::aio::world().fds) n += s.kind == harness::aio::FdState::Kind::epoll ? 1 : 0;
  return n;
}

}  // namespace sim
}  // namespace lab::aio
