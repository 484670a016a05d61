// Shared state of the async lab's simulated I/O (pipes, epoll instances, virtual clock), private to harness/aio/.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "lab/aio.hpp"

namespace harness::aio {

// One pipe: the bytes in flight and which ends are still open.
struct PipeState {
  std::deque<char> buffer;
  std::size_t capacity = 0;
  bool reader_open = true;
  bool writer_open = true;
  std::string drained;  // what the scripted peer read from it
};

// An fd: an end of a pipe, or an epoll instance.
struct FdState {
  enum class Kind { read_end, write_end, epoll } kind = Kind::read_end;
  int pipe = -1;                               // index into World::pipes (pipe ends)
  std::map<int, std::uint32_t> interest;       // epoll instances: watched fd -> events
};

// A scripted action of the test's peer at virtual time `at` (stable order among equal times).
struct Action {
  enum class Kind { write, close, drain } kind = Kind::write;
  lab::aio::Millis at = 0;
  int fd = -1;
  std::string data;
  std::size_t n = 0;
};

// Everything the layer knows; one per process, reset by sim::Session.
struct World {
  lab::aio::Millis now = 0;
  std::vector<PipeState> pipes;
  std::map<int, FdState> fds;  // open fds only
  int next_fd = 3;
  std::multimap<lab::aio::Millis, Action> actions;
  lab::aio::sim::Counters counters;
  std::uint64_t wait_budget = 100000;
  bool over_budget_reported = false;
};

World& world();

// The open fd `fd` of the given kinds, or nullptr.
FdState* find_fd(int fd);
// Whether `fd` (a pipe end) is ready for `events` now (level-triggered).
std::uint32_t readiness(int fd, std::uint32_t events);
// Performs every scripted action due at or before the current time.
void run_due_actions();

// Ends the test at once with a finding (for an event loop that would hang forever).
[[noreturn]] void end_test(const std::string& message, const lab::source_location& where);

}  // namespace harness::aio
