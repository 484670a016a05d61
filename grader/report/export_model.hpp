// The exporters' shared view of a graded submission: one row per test, student-safe text, output caps.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "results.hpp"

namespace grader {

// A test that never ran (the time budget ran out, or the grader was interrupted) has no configuration
// outcomes. Such a test scores 0 and every exporter shows it as "not run".
bool is_not_run(const TestResult& test);

enum class RowStatus { passed, failed, not_run, grader_error };

// What every exporter needs beyond the results: how to name files and why tests did not run.
struct ExportContext {
  std::filesystem::path cwd;  // student file paths are shown relative to it ("exercises/mutex/locks.cpp");
                              // empty: as in the lab ("mutex/locks.cpp")
  std::string not_run_reason = "not run: the time budget ran out before this test started";
  double execution_time_s = 0;  // the whole run's wall-clock time
  // Platforms grade a copy of the student's files at a path that means nothing to the student: replay
  // commands are then written for the student's own checkout (`./labs check LAB --only ...`).
  bool student_replay = false;
  std::string invoker = "./labs";  // used when student_replay is set
};

// One graded test as the platforms see it. `details` is complete (the platform caps it).
struct ExportRow {
  std::string lab;
  std::string lab_title;
  std::string id;       // test id (stable key)
  std::string name;     // human title
  std::string number;   // "1.3": lab 1, test 3 (1-based), Gradescope's ordering key
  double score = 0;
  double max = 0;
  RowStatus status = RowStatus::failed;
  bool hidden = false;
  std::string config;   // the first configuration that did not pass, or empty
  std::string reason;   // one line for the student; empty when passed
  std::string file;     // the student's file as the user sees it, or empty
  int line = 0;
  std::string replay;   // command that replays the failing run, or empty
  bool replay_exact = false;  // `replay` repeats the failure exactly (a schedule), not a stress re-run
  std::string details;  // reason, location, replay, finding details, build log, captured output
  double seconds = 0;   // summed duration of the test's runs
  std::vector<std::string> configs;  // configurations the test ran in
};

// Rows in course order (labs, then tests). `details` of a hidden test are kept: exporters decide.
std::vector<ExportRow> export_rows(const SubmissionResult& result, const ExportContext& context);

// Totals for the student-facing score line.
struct ScoreSummary {
  double score = 0;
  double max = 0;
  double visible_score = 0;
  double visible_max = 0;
  double hidden_max = 0;
  int tests = 0;
  int passed = 0;
  int hidden = 0;
  int not_run = 0;
  bool grader_error = false;
};

ScoreSummary summarize(const std::vector<ExportRow>& rows);

// One line that never claims full marks while hidden tests exist or tests did not run:
// "Score: 88/100", or "Visible tests: 76/76 points; 1 hidden test (12 points) is graded after the deadline".
std::string student_score_line(const ScoreSummary& summary);

// What a student may see of a row: the details, or for a hidden test only that it is hidden.
std::string student_details(const ExportRow& row);

// The sentence shown instead of a hidden test's details.
inline constexpr const char* kHiddenDetails = "Hidden test: its details are shown after the deadline.";

// `text` cut to at most `limit` bytes, keeping the head and the tail around a line
// "[... N bytes cut ...]"; never splits a UTF-8 sequence. Text within the limit is returned as is.
std::string cap_text(const std::string& text, std::size_t limit);

// `text` with every mention of the submission-relative `file` replaced by `shown` (how the user sees it).
std::string localize_file(const std::string& text, const std::string& file, const std::string& shown);

// "passed", "failed", "not run", "grader error".
const char* row_status_name(RowStatus status);

}  // namespace grader
