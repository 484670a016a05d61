// `ci [LAB...]`: grading in a student's repository on GitHub Actions (and GitHub Classroom).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "app_context.hpp"

namespace grader {

struct CiOptions {
  std::vector<std::string> labs;    // empty: every lab of the course
  std::filesystem::path submission; // empty: <course root>/exercises
  std::filesystem::path junit;      // empty: <course root>/build/ci/junit.xml
  bool classroom = false;           // also write classroom.json and the step output `result`
  std::string budget;               // --budget DURATION
  std::string only;                 // test ids, comma-separated; empty: every test
};

// Grades the labs test by test, keeping the JUnit file (and classroom.json) valid after every test;
// prints the terminal report and GitHub annotations (file and line of the student's code) on stdout;
// appends the Markdown summary to $GITHUB_STEP_SUMMARY when set; with `classroom`, appends
// result=<base64 JSON> to $GITHUB_OUTPUT when set. Hidden tests show no result and do not decide the
// exit status. Returns 0 when every visible test passed, 1 otherwise; throws UsageError (exit 2).
int run_ci(const AppContext& context, const CiOptions& options);

}  // namespace grader
