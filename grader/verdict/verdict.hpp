// Classification of one finished test process into a verdict and a one-line reason for the student.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "harness_results.hpp"
#include "paths.hpp"
#include "results.hpp"
#include "sanitizer_log.hpp"

namespace grader {

// What the grader knows once the test process is dead. Never includes the process's stdout.
struct ExpectedSeal {
  std::string token;
  std::string test;  // the gtest name ("Suite.Name")
  int repeat = 1;
};

struct RunEvidence {
  bool timed_out = false;
  // Killed `exit_grace` after its results file was final: a process that does not end is never a pass.
  bool hung_after_finish = false;
  std::chrono::milliseconds exit_grace{0};
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::chrono::seconds time_limit{60};
  std::optional<HarnessResults> results;      // the results file, when present and valid
  std::optional<SanitizerReport> sanitizer;   // the first sanitizer log's report, when any
  bool sanitizer_log_present = false;         // a log file existed (even if unparsable)
  // What the grader knows independently of the process: the secret it passed and the test and repeat
  // count it asked for. When set, a pass also needs a results seal that matches all three.
  std::optional<ExpectedSeal> expected_seal;
};

struct Classification {
  Verdict verdict = Verdict::error;
  std::string reason;  // one line; empty when passed
  std::string detail;  // more lines for the feedback (finding details, sanitizer report), may be empty
  std::string file;    // submission-relative student file, or empty
  int line = 0;
  std::optional<std::uint64_t> failed_seed;
};

// Pass iff the process exited 0, the results file says pass and no sanitizer log exists. Otherwise the
// reason is, in priority: todo, sanitizer, watchdog, usage, check, exception findings; a sanitizer exit
// without a log; still running after its results were final (hung_after_finish); timeout; crash by signal; a failing results file without findings; no results file.
// `stage` maps the staged paths that findings, evidence and sanitizer frames name to the submission.
Classification classify_run(const RunEvidence& run, const StageMap& stage);

// The sentence for a sanitizer report: names the student's frame, else uses the harness's evidence
// (the memory orders of the student's lock and unlock operations) to point at the likely line.
Classification explain_sanitizer(const SanitizerReport& report, const HarnessResults* results, const StageMap& stage);

}  // namespace grader
