// The async lab's I/O layer: pipes, an epoll-like selector and a virtual monotonic clock.
//
// Model: every fd here is simulated, in memory, on the test's one thread. Time is virtual: it stands still
// while your code runs and moves only inside epoll_wait (when nothing is ready it jumps at once to the
// timeout, or to the moment the test's scripted peer writes, reads or closes its end of a pipe), so a
// run takes no wall time and gives the same times on any machine. now() is asyncio's loop.time(), in
// milliseconds.
//
// Blocking calls: an event loop must never block. read() of an empty pipe whose writer is still open,
// write() into a full pipe and sleep_blocking() would block the whole loop (every task), so each is
// reported at your line and fails the test; read() then returns -1 and write() -1 (EAGAIN). Wait until
// epoll_wait says the fd is ready, then read or write.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lab/source_location.hpp"

namespace lab::aio {

// Virtual time in milliseconds since the test started (asyncio's loop.time(), in ms).
using Millis = std::int64_t;

// The current virtual time.
[[nodiscard]] Millis now() noexcept;

// ---- pipes ---------------------------------------------------------------------------------------------

struct Pipe {
  int read_end = -1;
  int write_end = -1;
};

// A pipe holding at most `capacity` bytes (a Linux pipe holds 64 KiB).
Pipe pipe(std::size_t capacity = 4096, lab::source_location where = lab::source_location::current());

// Reads up to `n` bytes. Returns how many (>= 1), 0 at end of file (the writer closed and nothing is left),
// or -1 after reporting a blocking call (the pipe is empty and its writer open).
long read(int fd, void* buf, std::size_t n, lab::source_location where = lab::source_location::current());

// Writes up to `n` bytes, as many as fit. Returns how many (>= 1), or -1: after reporting a blocking call
// (the pipe is full), or when the reader has closed its end (EPIPE, not reported).
long write(int fd, const void* buf, std::size_t n, lab::source_location where = lab::source_location::current());

// Closes a pipe end or an epoll instance.
void close(int fd, lab::source_location where = lab::source_location::current());

// time.sleep() inside a coroutine: blocks the loop for `ms`. Always reported as a blocking call.
void sleep_blocking(Millis ms, lab::source_location where = lab::source_location::current());

// ---- epoll (level-triggered) ---------------------------------------------------------------------------

inline constexpr std::uint32_t kIn = 0x1;   // EPOLLIN: readable (data, or end of file)
inline constexpr std::uint32_t kOut = 0x4;  // EPOLLOUT: writable (room, or the reader is gone)

enum class Ctl { add, mod, del };

struct Event {
  int fd = -1;
  std::uint32_t events = 0;  // kIn and/or kOut
};

// A new epoll instance.
int epoll_create(lab::source_location where = lab::source_location::current());

// add: watch `fd` for `events` (it must not be watched yet); mod: change them (it must be); del: stop
// watching it (it must be; `events` is ignored). Misuse is reported at your line and changes nothing.
void epoll_ctl(int epfd, Ctl op, int fd, std::uint32_t events,
               lab::source_location where = lab::source_location::current());

// Waits until a watched fd is ready or `timeout_ms` has passed (0: do not wait; -1: no timeout) and
// returns how many events it wrote to `events` (at most `max`). Waiting moves virtual time. Waiting
// forever with nothing that could ever become ready ends the test with a diagnosis.
int epoll_wait(int epfd, Event* events, int max, Millis timeout_ms,
               lab::source_location where = lab::source_location::current());

// ---- used by the harness (adapter and tests), not by your event loop ------------------------------------

namespace sim {

// Resets every pipe, epoll instance, counter and scripted action, and virtual time to 0. While a Session
// lives, epoll_wait calls beyond `wait_budget` are reported once as busy polling ("the loop ran N
// iterations"), and from then on an empty non-blocking wait costs 1 ms of virtual time, so that a
// polling loop still ends.
class Session {
 public:
  explicit Session(std::uint64_t wait_budget = 100000);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

// The test's scripted peer, acting on the other end of a pipe at virtual time `at`.
void write_at(int write_end, Millis at, const char* data, std::size_t n);
void close_at(int fd, Millis at);
void drain_at(int read_end, Millis at, std::size_t n);  // reads and discards up to n bytes

// What the peer drained from `read_end` so far, in order.
const char* drained(int read_end, std::size_t* n);

// Counters for the checks.
struct Counters {
  std::uint64_t waits = 0;           // epoll_wait calls (= loop iterations)
  std::uint64_t blocking_calls = 0;  // reported blocking reads, writes and sleeps
  std::uint64_t max_watched = 0;     // most fds ever watched at once
};
Counters counters() noexcept;

// Whether any live epoll instance watches `fd`.
bool watched(int fd) noexcept;
// How many fds the live epoll instances watch in total.
std::size_t watched_count() noexcept;
// Live epoll instances.
std::size_t epoll_instances() noexcept;

}  // namespace sim
}  // namespace lab::aio
