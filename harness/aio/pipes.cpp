// The async lab's simulated pipes: non-blocking reads and writes that report a call that would block.
#include <algorithm>
#include <string>

#include "aio_state.hpp"
#include "harness/findings.hpp"
#include "lab/usage.hpp"

namespace harness::aio {
namespace {

PipeState* pipe_of(int fd, FdState::Kind kind, const char* call, const lab::source_location& where) {
  FdState* state = find_fd(fd);
  if (state == nullptr || state->kind != kind) {
    const std::string what = std::string("lab::aio::") + call + "(" + std::to_string(fd) + "): not an open " +
                             (kind == FdState::Kind::read_end ? "read end of a pipe" : "write end of a pipe");
    lab::usage_error(what.c_str(), where);
    return nullptr;
  }
  return &world().pipes[static_cast<std::size_t>(state->pipe)];
}

// A "check" finding at the student's line: the grader shows the first check, and the blocking call is
// the cause of whatever fails after it.
void report_blocking(const std::string& what, const lab::source_location& where) {
  ++world().counters.blocking_calls;
  harness::report({"check", what, where.file_name(), where.line()});
}

}  // namespace
}  // namespace harness::aio

namespace lab::aio {

using harness::aio::FdState;
using harness::aio::world;

Pipe pipe(std::size_t capacity, lab::source_location) {
  auto& w = world();
  w.pipes.push_back({});
  w.pipes.back().capacity = std::max<std::size_t>(capacity, 1);
  const int index = static_cast<int>(w.pipes.size() - 1);
  Pipe p{w.next_fd, w.next_fd + 1};
  w.next_fd += 2;
  w.fds[p.read_end] = FdState{FdState::Kind::read_end, index, {}};
  w.fds[p.write_end] = FdState{FdState::Kind::write_end, index, {}};
  return p;
}

long read(int fd, void* buf, std::size_t n, lab::source_location where) {
  harness::aio::PipeState* p = harness::aio::pipe_of(fd, FdState::Kind::read_end, "read", where);
  if (p == nullptr) return -1;
  if (p->buffer.empty()) {
    if (!p->writer_open) return 0;
    harness::aio::report_blocking("blocking call: read(fd " + std::to_string(fd) + ") of an empty pipe at " +
                                      std::to_string(now()) + " ms would block the whole loop; await "
                                      "readable(fd) first",
                                  where);
    return -1;
  }
  const std::size_t count = std::min(n, p->buffer.size());
  std::copy_n(p->buffer.begin(), count, static_cast<char*>(buf));
  p->buffer.erase(p->buffer.begin(), p->buffer.begin() + static_cast<long>(count));
  return static_cast<long>(count);
}

long write(int fd, const void* buf, std::size_t n, lab::source_location where) {
  harness::aio::PipeState* p = harness::aio::pipe_of(fd, FdState::Kind::write_end, "write", where);
  if (p == nullptr) return -1;
  if (!p->reader_open) return -1;
  const std::size_t room = p->capacity - p->buffer.size();
  if (room == 0) {
    harness::aio::report_blocking("blocking call: write(fd " + std::to_string(fd) + ") into a full pipe at " +
                                      std::to_string(now()) + " ms would block the whole loop; await "
                                      "writable(fd) first",
                                  where);
    return -1;
  }
  const std::size_t count = std::min(n, room);
  const char* bytes = static_cast<const char*>(buf);
  p->buffer.insert(p->buffer.end(), bytes, bytes + count);
  return static_cast<long>(count);
}

void close(int fd, lab::source_location where) {
  auto& w = world();
  FdState* state = harness::aio::find_fd(fd);
  if (state == nullptr) {
    lab::usage_error(("lab::aio::close(" + std::to_string(fd) + "): not an open fd").c_str(), where);
    return;
  }
  if (state->kind != FdState::Kind::epoll) {
    auto& p = w.pipes[static_cast<std::size_t>(state->pipe)];
    (state->kind == FdState::Kind::read_end ? p.reader_open : p.writer_open) = false;
  }
  // Like Linux, a closed fd leaves every interest list it was on.
  for (auto& [other, s] : w.fds) s.interest.erase(fd);
  w.fds.erase(fd);
}

void sleep_blocking(Millis ms, lab::source_location where) {
  harness::aio::report_blocking("blocking call: sleep_blocking(" + std::to_string(ms) + ") (time.sleep) at " +
                                    std::to_string(now()) + " ms blocks the whole loop; co_await sleep(ms)",
                                where);
  world().now += std::max<Millis>(ms, 0);
}

}  // namespace lab::aio
