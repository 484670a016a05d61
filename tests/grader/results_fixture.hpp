// A small results model shared by the scoring, gradebook and report tests.
#pragma once

#include "results.hpp"
#include "scoring.hpp"

namespace grader::testing {

inline ConfigOutcome outcome(const std::string& config, Verdict verdict, const std::string& reason = {},
                             const std::string& file = {}, int line = 0) {
  ConfigOutcome o;
  o.config = config;
  o.verdict = verdict;
  o.reason = reason;
  o.file = file;
  o.line = line;
  o.seed = 1234;
  o.replay = "./labs check mutex --submission exercises --only t --config " + config + " --seed 1234 --repeat 1";
  return o;
}

inline TestResult test(const std::string& id, double max, std::vector<ConfigOutcome> configs) {
  TestResult t;
  t.id = id;
  t.name = "Test " + id;
  t.max = max;
  t.configs = std::move(configs);
  return t;
}

// bob: spin_exclusion_2 fails in tsan with a race at mutex/locks.cpp:14; spin_try_lock passes.
inline SubmissionResult bob() {
  SubmissionResult r;
  r.name = "bob";
  r.path = "/course/exercises";
  r.display = "exercises";
  LabResult lab;
  lab.id = "mutex";
  lab.title = "Locks";
  lab.tests.push_back(test("spin_exclusion_2", 6,
                           {outcome("plain", Verdict::pass),
                            outcome("tsan", Verdict::fail, "ThreadSanitizer: data race at mutex/locks.cpp:14",
                                    "mutex/locks.cpp", 14)}));
  lab.tests.push_back(test("spin_try_lock", 4, {outcome("plain", Verdict::pass)}));
  r.labs.push_back(lab);
  score_submission(r);
  return r;
}

}  // namespace grader::testing
