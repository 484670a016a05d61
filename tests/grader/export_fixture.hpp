// A results model that exercises every exporter rule: pass, located failure, hidden, not run, big output.
#pragma once

#include <string>

#include "export_model.hpp"
#include "results_fixture.hpp"

namespace grader::testing {

// carol (submission /course/exercises, shown from /course):
//   1.1 spin_exclusion_2 (6)  fails in tsan: race at mutex/locks.cpp:14, 100 KB of output ending in bad bytes
//   1.2 spin_try_lock    (4)  passes
//   1.3 mutex_hidden     (12) hidden, fails with a secret reason at mutex/locks.cpp:40
//   1.4 ticket_fifo      (8)  not run (no outcomes)
inline SubmissionResult carol() {
  SubmissionResult r = bob();
  r.name = "carol";
  LabResult& lab = r.labs[0];
  ConfigOutcome& race = lab.tests[0].configs[1];
  race.output = std::string(100'000, 'x') + "\xff\x01<&>\"' tail end\n";
  race.detail = "WARNING: ThreadSanitizer: data race\n  #0 lock mutex/locks.cpp:14";
  race.duration_s = 1.5;
  TestResult hidden = test("mutex_hidden", 12, {outcome("plain", Verdict::fail, "SECRET reason", "mutex/locks.cpp", 40)});
  hidden.visibility = Visibility::hidden;
  lab.tests.push_back(hidden);
  lab.tests.push_back(test("ticket_fifo", 8, {}));
  score_submission(r);
  return r;
}

inline ExportContext carol_context() {
  ExportContext c;
  c.cwd = "/course";
  c.execution_time_s = 12.4;
  return c;
}

}  // namespace grader::testing
