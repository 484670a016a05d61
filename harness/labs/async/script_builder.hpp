// Builders and checks for the async lab's graded tests: scripts written like the asyncio code they mirror.
#pragma once

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <lab/aio.hpp>

#include "scenario.hpp"

namespace async_lab {

// A Script, step by step: Task("a").record("start").sleep(10).ret(1).
class Task {
 public:
  explicit Task(std::string name) { s_.name = std::move(name); }
  Task& record(std::string text) { return add(step(Step::Op::record, 0, 0, 0, std::move(text))); }
  Task& sleep(Millis ms) { return add(step(Step::Op::sleep, ms)); }
  Task& read(int fd, int max = 64) { return add(step(Step::Op::read, fd, 0, max)); }
  Task& write(int fd, std::string data) { return add(step(Step::Op::write, fd, 0, 0, std::move(data))); }
  // Group g: new tasks running the scenario's scripts `scripts` (indices), not started.
  Task& make(int g, std::vector<int> scripts) { return add(step(Step::Op::make, 0, g, 0, "", std::move(scripts))); }
  Task& start(int g) { return add(step(Step::Op::start, 0, g)); }
  Task& await(int g, int i = 0, bool catch_errors = false) { return add(step(Step::Op::await_task, 0, g, i, "", {}, catch_errors)); }
  Task& cancel(int g, int i = 0) { return add(step(Step::Op::cancel, 0, g, i)); }
  Task& gather(int g, bool catch_errors = false) { return add(step(Step::Op::gather, 0, g, 0, "", {}, catch_errors)); }
  Task& wait_for(int g, int i, Millis ms, bool catch_errors = false) {
    return add(step(Step::Op::wait_for, ms, g, i, "", {}, catch_errors));
  }
  Task& ret(int value) { return add(step(Step::Op::ret, value)); }
  Task& raise(std::string what) { return add(step(Step::Op::raise, 0, 0, 0, std::move(what))); }
  Task& probe_watched(int fd) { return add(step(Step::Op::probe_watched, fd)); }
  // When cancelled: sleep `ms` in the cleanup (finally) before raising again.
  Task& cleanup(Millis ms) {
    s_.cleanup_ms = ms;
    return *this;
  }
  Task& suppress_cancel() {
    s_.suppress_cancel = true;
    return *this;
  }
  operator Script() const { return s_; }  // NOLINT: scenarios list builders directly

 private:
  static Step step(Step::Op op, Millis n = 0, int g = 0, int i = 0, std::string text = {},
                   std::vector<int> scripts = {}, bool catch_errors = false) {
    return {op, n, g, i, std::move(text), std::move(scripts), catch_errors};
  }
  Task& add(Step next) {
    s_.steps.push_back(std::move(next));
    return *this;
  }
  Script s_;
};

// The trace without the events of `who` (usually the main task, which only collects results).
std::vector<Event> without(const std::vector<Event>& trace, const std::string& who);
// "who what @t" per event, one per line, for messages.
std::string describe(const std::vector<Event>& trace);
// The events of one script, as "what @t".
std::vector<std::string> events_of(const std::vector<Event>& trace, const std::string& who);
// Every event as "who what @t", in order.
std::vector<std::string> lines(const std::vector<Event>& trace);
std::string join(const std::vector<std::string>& items);

// Fails the test with `message` (a "check" finding) unless `ok`; returns ok.
bool check(bool ok, const std::string& message);

template <class... Parts>
std::string msg(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

// Runs `scenario` on the submission inside the current aio session and checks what every test demands:
// the main task returned, no blocking call, no coroutine frame left alive. `what` names the scenario
// in messages.
Outcome run_checked(const Scenario& scenario, const std::string& what);

// Checks that the events of every task but main are exactly `expected` ("who what @t" each), in order.
bool expect_trace(const Outcome& out, const std::vector<std::string>& expected, const std::string& why);

// Checks that `who`'s events are exactly `expected` ("what @t" each).
bool expect_events(const Outcome& out, const std::string& who, const std::vector<std::string>& expected,
                   const std::string& why);

}  // namespace async_lab
