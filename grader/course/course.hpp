// The course model: course.yaml loaded, validated and turned into plain structs.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace grader {

enum class Visibility { visible, hidden };

// A forbidden header, identifier or imported symbol, and what the student should use instead.
struct Forbidden {
  std::string name;  // header name ("mutex"), identifier ("std::mutex") or symbol glob ("pthread_*")
  std::string use;   // "build your own lock from lab::atomic ..."
};

// A test's controlled-mode budget (course.yaml `controlled:`), turned into the harness's --lab-* flags
// when the test runs in the `controlled` configuration (docs/controlled.md). Unset fields keep the
// harness's defaults.
struct ControlledSpec {
  std::string strategy;                          // "pct", "random", "bounded"; empty: the harness's (pct)
  std::optional<long> schedules;                 // --lab-schedules
  std::optional<std::chrono::milliseconds> budget;  // --lab-budget-ms (course.yaml `seconds`)
  std::optional<int> pct_depth;                  // --lab-pct-depth
};

struct TestSpec {
  std::string id;                    // "spin_exclusion_2": stable key in gradebooks
  std::string name;                  // human title
  std::string gtest;                 // "SpinLock.MutualExclusion2Threads"
  double points = 0;                 // > 0
  std::vector<std::string> configs;  // subset of the lab's configs; every one must pass
  std::chrono::seconds time_limit{60};   // hard wall-clock limit per process
  std::chrono::milliseconds watchdog{5000};  // no-progress limit inside the process
  int repetitions = 1;               // iterations (seeds seed..seed+R-1) per config
  Visibility visibility = Visibility::visible;
  std::optional<ControlledSpec> controlled = std::nullopt;  // only with `controlled` among `configs`
  // Tests of the same lab whose property this controlled test checks too: when one of them fails under
  // stress, this test's failing schedule (an exact replay) is offered instead of a stress re-run.
  std::vector<std::string> covers = {};
  int tasks = 512;                   // processes + threads of one run together (the lab's sandbox.tasks)
  std::vector<std::string> deterministic = {};  // the lab's `deterministic` configurations
  bool deterministic_in(const std::string& config) const;  // a re-run in `config` repeats a failure exactly
  int line = 0;                      // line in course.yaml, for messages
  int gtest_line = 0;                // where the `gtest` value is (1-based), for "course.yaml:L:C: no such test"
  int gtest_column = 0;
};

struct LabSpec {
  std::string id;                    // "mutex": also the directory name under a submission
  std::string title;
  std::filesystem::path handout;     // relative to the course root
  std::vector<std::string> files;    // student-owned files, relative to the lab directory
  std::vector<std::string> configs;  // configurations this lab builds
  std::vector<Forbidden> forbidden_headers;
  std::vector<Forbidden> forbidden_identifiers;
  std::vector<Forbidden> forbidden_symbols;
  // The allowlist of what the student's objects may import (course.yaml `imports:`, docs/course-yaml.md):
  // demangled-name globs, the named lists expanded. Unset: no allowlist (only forbidden.symbols apply).
  std::optional<std::vector<std::string>> allowed_imports;
  // Unmangled (C) symbols the student's files must define for the harness (uthread_switch); any other
  // C symbol a student object defines could replace a C library function under the harness.
  std::vector<std::string> exports;
  std::vector<TestSpec> tests;
  // Labs whose student files this lab also compiles, and where they come from: `from` when grading
  // (grade, ci), `check_from` for a student's own check. `from: X` in course.yaml sets both;
  // `from: {check: X, grade: Y}` sets them apart.
  struct Dependency {
    std::string lab;
    enum class From { submission, solutions } from = From::submission;
    From check_from = From::submission;
  };
  std::vector<Dependency> depends_on;
  // course.yaml `sandbox: {tasks: N}`: how many processes and threads one test run may have at once
  // (docs/sandbox.md); the default suits labs that start no processes of their own.
  int sandbox_tasks = 512;
  // course.yaml `deterministic: [configs]`: in these configurations every run of a test is the same run,
  // whatever the machine and its load (virtual time, one thread at a time, nothing seeded), so the
  // command that re-runs a failure there is an exact replay and the feedback says so.
  std::vector<std::string> deterministic;

  double max_points() const;
  const TestSpec* find_test(const std::string& id) const;
};

struct Course {
  std::string title;
  int version = 1;
  std::filesystem::path root;  // directory holding course.yaml
  std::map<std::string, std::string> configs;  // name -> description
  // Named lists of import globs (course.yaml top-level `imports:`) that labs' `imports.lists` reuse.
  std::map<std::string, std::vector<std::string>> import_lists;
  std::vector<LabSpec> labs;                   // in file order

  const LabSpec* find_lab(const std::string& id) const;
};

// A course.yaml problem: formatted "FILE:LINE:COL: message" (1-based) by what(); "FILE: message" with
// line() == 0 when the file itself is the problem (cannot be read). Schema and messages: docs/course-yaml.md.
class CourseError : public std::runtime_error {
 public:
  CourseError(const std::string& file, int line, int column, const std::string& message);
  int line() const noexcept { return line_; }
  int column() const noexcept { return column_; }

 private:
  int line_;
  int column_;
};

// Loads and validates course.yaml. Throws CourseError for unknown keys, missing fields, wrong types and
// bad values (pointing at the offending node), or when the file cannot be read.
Course load_course(const std::filesystem::path& course_yaml);

}  // namespace grader
