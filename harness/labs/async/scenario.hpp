// The async lab's test scenarios as data: scripts of awaits that the adapter runs as the student's tasks.
//
// The graded tests are compiled once, without the student's Task type, so they describe each task as a
// Script; the adapter (compiled with the student's loop.hpp) turns every Script into a coroutine of
// the student's Task<int> that performs the steps, and returns what happened as a trace.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace async_lab {

using Millis = std::int64_t;

// One step of a script. `g`/`i` name a task: member i of group g (groups are created by make).
struct Step {
  enum class Op {
    record,          // trace `text`
    sleep,           // co_await sleep(n)
    sleep_blocking,  // lab::aio::sleep_blocking(n) (time.sleep in a coroutine: a bug)
    read,            // co_await read_some(fd n) of up to i bytes; traces "read <bytes>" or "eof"
    write,           // co_await write_some(fd n, text) until all is written; traces "wrote <count>"
    make,            // group g = new tasks of `scripts` (not started)
    start,           // create_task for every member of group g
    await_task,      // co_await member (g, i); traces "result <v>"
    cancel,          // member (g, i).cancel(); traces "cancel true|false"
    gather,          // co_await gather(group g); traces "gathered [v, ...]"
    wait_for,        // co_await wait_for(member (g, i), n); traces "result <v>"
    ret,             // co_return n
    raise,           // throw ScriptError(text)
    probe_watched,   // traces "watched <fd n> yes|no": whether any epoll instance still watches it
  };
  Op op = Op::record;
  Millis n = 0;
  int g = 0;
  int i = 0;
  std::string text;
  std::vector<int> scripts;
  bool catch_errors = false;  // await/gather/wait_for: trace "raised <what>" and go on instead of raising
};

// A task's body. When cancelled it traces "cleanup" (its finally block), then, if cleanup_ms > 0, sleeps
// that long and traces "cleanup done"; then raises CancelledError again, or with suppress_cancel traces
// "suppressed" and returns -1.
struct Script {
  std::string name;
  std::vector<Step> steps;
  bool suppress_cancel = false;
  Millis cleanup_ms = 0;
};

// What a scenario needs: its scripts (script 0 is the main task) and pipes (created before the loop).
struct Scenario {
  std::vector<Script> scripts;
};

// The harness calls a scenario may make, passed in by the tests: the adapter is compiled with the
// submission and its imports are checked like the student's, so it names no lab::aio::sim function.
struct Probes {
  bool (*watched)(int fd) noexcept = nullptr;
};

// One traced event: which script, what, and the virtual time.
struct Event {
  std::string who;
  std::string what;
  Millis at = 0;
  bool operator==(const Event&) const = default;
};

struct Outcome {
  std::vector<Event> trace;
  bool main_returned = false;
  int main_result = 0;
  std::string main_raised;   // "CancelledError", "TimeoutError", "ScriptError: <text>", or empty
  long frames_left = 0;      // frames of the scenario's tasks still alive after everything was destroyed
  long frames_created = 0;
};

}  // namespace async_lab
