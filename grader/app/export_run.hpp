// A graded run whose result files are rewritten after every test (check --output, ci).
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "app_context.hpp"
#include "export_formats.hpp"
#include "progressive.hpp"

namespace grader {

struct ExportRunRequest {
  std::filesystem::path submission;
  std::vector<const LabSpec*> labs;
  PipelineOptions pipeline;
  std::string budget;  // --budget as given; empty: no budget
  std::vector<std::pair<std::filesystem::path, ExportFormat>> files;  // rewritten after every test
  bool student_replay = false;  // see ExportContext::student_replay
};

struct ExportRunOutcome {
  ProgressiveResult run;
  ExportContext context;  // with the final not-run reason and execution time
};

// Grades progressively (SIGTERM/SIGINT stop it cleanly) and keeps every file of `request.files` valid
// and current. Throws UsageError for a malformed budget. A file that cannot be written is reported on
// stderr once and does not stop the run.
ExportRunOutcome run_with_exports(const AppContext& context, const ExportRunRequest& request);

// Duration text of --budget, or UsageError.
std::chrono::milliseconds require_budget(const std::string& text);

// True when every test of `result` passed and grading itself did not fail.
bool all_tests_passed(const SubmissionResult& result);

}  // namespace grader
