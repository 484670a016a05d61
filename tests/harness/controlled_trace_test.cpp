// The controlled scheduler's trace table: runs of identical steps of one thread fold into one row.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "controlled_runtime.hpp"

namespace harness::controlled {
namespace {

TraceStep plain_read(long step, int thread, std::uint32_t line, bool preempted = false) {
  TraceStep t;
  t.step = step;
  t.thread = thread;
  t.kind = lab::detail::OpKind::plain_read;
  t.file = "student/paging.cpp";
  t.line = line;
  t.value = 8;
  t.preempted = preempted;
  return t;
}

RunOutcome loop_then_switch() {
  RunOutcome outcome;
  outcome.thread_names = {"cpu 0", "cpu 1"};
  long step = 0;
  for (int i = 0; i < 500; ++i) outcome.trace.push_back(plain_read(step++, 0, 156));  // a loop over a table
  outcome.trace.push_back(plain_read(step++, 0, 158));
  outcome.trace.push_back(plain_read(step++, 1, 42, true));
  outcome.trace.push_back(plain_read(step++, 1, 42));
  return outcome;
}

TEST(ControlledTrace, RunsOfOneThreadsSameStepFoldIntoOneRow) {
  const std::string text = format_trace(loop_then_switch());
  EXPECT_NE(text.find("(500 times, to step 500)"), std::string::npos) << text;
  EXPECT_NE(text.find("(2 times, to step 503)"), std::string::npos) << text;
  EXPECT_EQ(text.find("earlier steps left out"), std::string::npos) << text;
  EXPECT_LT(std::count(text.begin(), text.end(), '\n'), 12) << text;
}

TEST(ControlledTrace, APreemptionStartsANewRow) {
  RunOutcome outcome = loop_then_switch();
  outcome.trace.push_back(plain_read(503, 0, 158, true));
  outcome.trace.push_back(plain_read(504, 0, 158, true));
  const std::string text = format_trace(outcome);
  EXPECT_NE(text.find("  504 » "), std::string::npos) << text;
  EXPECT_NE(text.find("  505 » "), std::string::npos) << text;
}

}  // namespace
}  // namespace harness::controlled
