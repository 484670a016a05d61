// The terminal report of `check`: a line per test, the reason and replay command for failures, the score.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "results.hpp"

namespace grader {

// How to print for this user: colour only on a terminal that wants it; paths relative to `cwd`.
struct TerminalStyle {
  bool color = false;
  std::filesystem::path cwd;

  // `text` wrapped in the ANSI SGR `code` ("1;31") when colour is on, else `text` unchanged.
  std::string paint(const std::string& text, const char* code) const;
};

// True when stdout is a terminal, --no-color was not given and NO_COLOR is unset.
bool want_color(bool no_color_flag);

// Writes the report for one submission:
//   mutex: Locks: spinlock, ticket lock and futex mutex
//     PASS  spin_exclusion_2   SpinLock: mutual exclusion, 2 threads            6/6
//     FAIL  spin_exclusion_8   SpinLock: mutual exclusion, 8 threads            0/6
//           [tsan] ThreadSanitizer: data race ... at exercises/mutex/locks.cpp:14
//           replay: ./labs check mutex --submission exercises --only spin_exclusion_8 --config tsan ...
//   Score: 94/100
// A failure shared by every test (does not compile, forbidden API, not submitted) is printed once.
void print_check_report(std::ostream& out, const SubmissionResult& result, const TerminalStyle& style);

// A controlled failure's summary line and its trace (one column per thread), indented under the test.
void print_interleaving(std::ostream& out, const ControlledRun& run);

// "exercises/mutex/locks.cpp:14" for an outcome with a file, else "".
std::string outcome_location(const SubmissionResult& result, const ConfigOutcome& outcome, const TerminalStyle& style);

}  // namespace grader
