// The async lab's shared checks: running a scenario with the checks every test makes, and trace messages.
#include <gtest/gtest.h>

#include <harness/harness.hpp>

#include "async_api.hpp"
#include "script_builder.hpp"

namespace async_lab {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return "[" + out + "]";
}

std::vector<Event> without(const std::vector<Event>& trace, const std::string& who) {
  std::vector<Event> out;
  for (const Event& e : trace)
    if (e.who != who) out.push_back(e);
  return out;
}

std::vector<std::string> lines(const std::vector<Event>& trace) {
  std::vector<std::string> out;
  for (const Event& e : trace) out.push_back(msg(e.who, " ", e.what, " @", e.at));
  return out;
}

std::string describe(const std::vector<Event>& trace) {
  std::string out;
  for (const std::string& line : lines(trace)) out += "  " + line + "\n";
  return out;
}

std::vector<std::string> events_of(const std::vector<Event>& trace, const std::string& who) {
  std::vector<std::string> out;
  for (const Event& e : trace)
    if (e.who == who) out.push_back(msg(e.what, " @", e.at));
  return out;
}

bool check(bool ok, const std::string& message) {
  if (!ok) harness::fail_check(message);
  return ok;
}

Outcome run_checked(const Scenario& scenario, const std::string& what) {
  const auto before = lab::aio::sim::counters();
  Probes probes;
  probes.watched = &lab::aio::sim::watched;
  Outcome out = async_api().run(scenario, probes);
  harness::progress();
  const auto after = lab::aio::sim::counters();
  check(out.main_returned, msg(what, ": the main task raised ", out.main_raised, " instead of returning\ntrace:\n",
                               describe(out.trace)));
  check(after.blocking_calls == before.blocking_calls,
        msg(what, ": a task made a blocking call (the first one is reported at its line)"));
  check(out.frames_left == 0,
        msg(what, ": ", out.frames_left, " of the ", out.frames_created, " coroutine frames of the test's tasks are still "
            "alive after every Task and the loop were destroyed: a finished or cancelled task's frame must be "
            "destroyed (coroutine_handle::destroy) once nothing refers to it"));
  return out;
}

bool expect_trace(const Outcome& out, const std::vector<std::string>& expected, const std::string& why) {
  const std::vector<std::string> got = lines(without(out.trace, "main"));
  return check(got == expected, msg(why, ":\nexpected ", join(expected), "\ngot      ", join(got)));
}

bool expect_events(const Outcome& out, const std::string& who, const std::vector<std::string>& expected,
                   const std::string& why) {
  const std::vector<std::string> got = events_of(out.trace, who);
  return check(got == expected, msg(why, "\ntask ", who, ": expected ", join(expected), "\n", std::string(who.size() + 6, ' '),
                                    "got      ", join(got), "\nwhole trace:\n", describe(out.trace)));
}

}  // namespace async_lab
