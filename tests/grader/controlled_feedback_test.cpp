// Tests of a controlled failure in the results model: the harness's object parsed (and distrusted),
// results.json round trip, and the trace + `labs replay` command in every report the student reads.
#include <gtest/gtest.h>

#include <sstream>

#include "controlled_outcome.hpp"
#include "export_gradescope.hpp"
#include "export_model.hpp"
#include "feedback_html.hpp"
#include "harness_results.hpp"
#include "replay.hpp"
#include "report_json.hpp"
#include "report_markdown.hpp"
#include "report_terminal.hpp"
#include "results_fixture.hpp"

namespace grader {
namespace {

const char* const kTrace =
    " step  a: main thread  b: worker 0                            c: worker 1\n"
    "    1                   L73 state_.compare_exchange(0→1) ok\n"
    "    4 »                                                        L80 futex_wait(state_, 2) sleeps\n";

ControlledRun failing_run() {
  ControlledRun run;
  run.strategy = "pct";
  run.schedules_run = 12;
  run.schedule = "1:3c";
  run.failure_kind = "deadlock";
  run.preemptions = 1;
  run.steps = 9;
  run.trace = kTrace;
  return run;
}

// carol: controlled_no_lost_wakeup deadlocks under the controlled scheduler.
SubmissionResult carol() {
  ConfigOutcome o = testing::outcome("controlled", Verdict::fail, "deadlock: every thread is blocked",
                                     "mutex/locks.cpp", 80);
  o.controlled = failing_run();
  // The harness prints the trace in the test's output too.
  o.output = "controlled: pct found a failing schedule after 12 schedules (40 steps); minimized to 1 "
             "preemption, 9 steps.\nSchedule: 1:3c\n" + std::string(kTrace) + "[  FAILED  ] Controlled.MutexNoLostWakeup\n";
  o.replay = replay_command({"./labs", "mutex", "examples/class/carol", "controlled_no_lost_wakeup", "controlled",
                             1234, 1, o.controlled->schedule});
  SubmissionResult r;
  r.name = "carol";
  r.path = "/course/examples/class/carol";
  LabResult lab;
  lab.id = "mutex";
  lab.title = "Locks";
  lab.tests.push_back(testing::test("controlled_no_lost_wakeup", 6, {o}));
  r.labs.push_back(lab);
  score_submission(r);
  return r;
}

TEST(ControlledOutcome, ParsedFromTheHarnessResultsFile) {
  const std::string text = R"({"schema": 1, "verdict": "fail", "controlled": {"strategy": "bounded",
      "schedules_run": 4, "steps_run": 49, "schedule": "1:1b2c", "replay_option": "--lab-schedule=1:1b2c",
      "failure_kind": "deadlock", "preemptions": 1, "steps": 10, "trace": "T"}})";
  const auto results = parse_harness_results(text);
  ASSERT_TRUE(results && results->controlled);
  EXPECT_EQ(results->controlled->strategy, "bounded");
  EXPECT_EQ(results->controlled->schedules_run, 4);
  EXPECT_EQ(results->controlled->schedule, "1:1b2c");
  EXPECT_EQ(results->controlled->failure_kind, "deadlock");
  EXPECT_EQ(results->controlled->preemptions, 1);
  EXPECT_EQ(results->controlled->steps, 10);
  EXPECT_EQ(results->controlled->trace, "T");
  EXPECT_FALSE(parse_harness_results(R"({"verdict": "pass"})")->controlled);
}

TEST(ControlledOutcome, NoFailureMeansNoSchedule) {
  const auto run = controlled_from_json({{"strategy", "pct"}, {"schedules_run", 2000}, {"steps_run", 90000}});
  ASSERT_TRUE(run);
  EXPECT_FALSE(run->failed());
  EXPECT_EQ(run->schedules_run, 2000);
}

TEST(ControlledOutcome, AScheduleThatIsNotOneIsDropped) {
  // The results file is written by the student's process: nothing of it reaches a command line unchecked.
  for (const char* bad : {"1:3c; rm -rf ~", "2:3c", "1:c3", "", "1:3c 4d"}) {
    const auto run = controlled_from_json({{"strategy", "pct"}, {"schedule", bad}, {"trace", "x"}});
    ASSERT_TRUE(run);
    EXPECT_FALSE(run->failed()) << bad;
  }
  EXPECT_TRUE(valid_schedule("1:"));
  EXPECT_TRUE(valid_schedule("1:1b22c3A"));
  EXPECT_FALSE(valid_schedule("1:" + std::string(5000, '1') + "b"));
}

TEST(ControlledOutcome, ReplayCommandIsLabsReplay) {
  EXPECT_EQ(replay_command({"./labs", "mutex", std::nullopt, "controlled_no_lost_wakeup", "controlled", 1, 1,
                            std::string("1:3c")}),
            "./labs replay mutex controlled_no_lost_wakeup --schedule 1:3c");
  EXPECT_EQ(carol().labs[0].tests[0].configs[0].replay,
            "./labs replay mutex controlled_no_lost_wakeup --schedule 1:3c --submission examples/class/carol");
}

TEST(ControlledOutcome, ResultsJsonRoundTrips) {
  const SubmissionResult r = carol();
  const nlohmann::json j = to_json(r);
  EXPECT_EQ(j["labs"][0]["tests"][0]["configs"][0]["controlled"]["schedule"], "1:3c");
  const SubmissionResult back = submission_from_json(j);
  EXPECT_EQ(to_json(back), j);
  const auto& controlled = back.labs[0].tests[0].configs[0].controlled;
  ASSERT_TRUE(controlled);
  EXPECT_EQ(controlled->trace, kTrace);
  EXPECT_EQ(controlled->preemptions, 1);
}

TEST(ControlledOutcome, TerminalReportShowsTraceAndReplay) {
  std::ostringstream out;
  print_check_report(out, carol(), TerminalStyle{false, "/course"});
  const std::string text = out.str();
  EXPECT_NE(text.find("replay: ./labs replay mutex controlled_no_lost_wakeup --schedule 1:3c"), std::string::npos);
  EXPECT_NE(text.find("Found by the controlled scheduler (pct, 12 schedules): 1 preemption, 9 steps, deadlock."),
            std::string::npos);
  EXPECT_NE(text.find("           L73 state_.compare_exchange(0→1) ok\n"), std::string::npos);
}

TEST(ControlledOutcome, FeedbackFilesShowTraceAndStudentReplay) {
  const std::string md = feedback_markdown(carol(), "./labs");
  EXPECT_NE(md.find("`./labs replay mutex controlled_no_lost_wakeup --schedule 1:3c`"), std::string::npos);
  EXPECT_NE(md.find("```\n" + std::string(kTrace) + "```\n"), std::string::npos);
  const std::string html = feedback_html(carol(), "./labs");
  EXPECT_NE(html.find("<code>./labs replay mutex controlled_no_lost_wakeup --schedule 1:3c</code>"), std::string::npos);
  EXPECT_NE(html.find("L80 futex_wait(state_, 2) sleeps"), std::string::npos);
}

TEST(ControlledOutcome, GradescopeOutputCarriesTheTrace) {
  ExportContext context;
  context.student_replay = true;
  const nlohmann::json j = gradescope_results(carol(), context);
  const std::string output = j["tests"][0]["output"];
  EXPECT_NE(output.find("./labs replay mutex controlled_no_lost_wakeup --schedule 1:3c"), std::string::npos);
  EXPECT_NE(output.find("L80 futex_wait(state_, 2) sleeps"), std::string::npos);
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

TEST(ControlledOutcome, PlatformOutputsShowTheTraceOnce) {
  ExportContext context;
  context.student_replay = true;
  const nlohmann::json j = gradescope_results(carol(), context);
  const std::string output = j["tests"][0]["output"];
  EXPECT_EQ(occurrences(output, "L80 futex_wait(state_, 2) sleeps"), 1u) << output;
  // The rest of the test's output stays.
  EXPECT_NE(output.find("Schedule: 1:3c"), std::string::npos);
  EXPECT_NE(output.find("[  FAILED  ] Controlled.MutexNoLostWakeup"), std::string::npos);
  for (const ExportRow& row : export_rows(carol(), context)) {
    EXPECT_EQ(occurrences(row.details, "L80 futex_wait(state_, 2) sleeps"), 1u) << row.details;
  }
}

}  // namespace
}  // namespace grader
