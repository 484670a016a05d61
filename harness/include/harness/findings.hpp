// Findings: what a test reports about a failure, written to the results file the grader reads.
#pragma once

#include <cstdint>
#include <string>

namespace harness {

// One observation that explains a failure. `file`/`line` point at the student's code when known
// (e.g. a lab::usage_error call or a sanitizer frame), else are empty/0.
struct Finding {
  std::string kind;     // "check", "usage", "watchdog", "sanitizer", "exception"
  std::string message;  // first line: one sentence a student understands; more lines: details
  std::string file;
  std::uint32_t line = 0;
};

// Adds a finding to the current test and fails it (as a GoogleTest non-fatal failure). Thread-safe.
void report(const Finding& finding);

// Shorthand: report({"check", message}).
void fail_check(const std::string& message);

}  // namespace harness
