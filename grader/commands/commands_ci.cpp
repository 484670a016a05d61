// The ci command: JUnit, annotations, step summary and Classroom result from one progressive run.
#include "commands_ci.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "export_classroom.hpp"
#include "export_github.hpp"
#include "export_run.hpp"
#include "paths.hpp"
#include "report_terminal.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

std::vector<const LabSpec*> ci_labs(const Course& course, const std::vector<std::string>& ids) {
  std::vector<const LabSpec*> labs;
  for (const auto& id : ids) labs.push_back(&require_lab(course, id));
  if (ids.empty()) {
    for (const auto& lab : course.labs) labs.push_back(&lab);
  }
  return labs;
}

// Appends `text` to the file named by environment variable `name`, when it is set.
void append_to_env_file(const char* name, const std::string& text) {
  const char* path = std::getenv(name);
  if (!path || !*path) return;
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << text;
  if (!out) std::cerr << fmt::format("warning: cannot append to ${} ({})\n", name, path);
}

// Visible tests decide: a hidden test's result is not shown before the deadline, not even as red/green.
bool visible_tests_passed(const SubmissionResult& result) {
  if (!result.error.empty()) return false;
  for (const auto& lab : result.labs) {
    for (const auto& t : lab.tests) {
      if (t.visibility == Visibility::visible && !t.passed) return false;
    }
  }
  return true;
}

}  // namespace

int run_ci(const AppContext& context, const CiOptions& options) {
  const auto labs = ci_labs(context.course, options.labs);
  const fs::path submission = options.submission.empty() ? context.course.root / "exercises" : options.submission;
  if (!fs::is_directory(submission)) throw UsageError(fmt::format("no such submission directory: {}", submission.string()));
  const fs::path junit = options.junit.empty() ? context.course.root / "build" / "ci" / "junit.xml" : options.junit;

  ExportRunRequest request{submission, labs, base_pipeline_options(context), options.budget, {}, false};
  request.pipeline.test_jobs = context.jobs;
  request.pipeline.build_jobs = context.jobs;
  request.pipeline.display = display_dir(submission, context.style.cwd);
  for (const auto& id : split_list(options.only)) request.pipeline.only.insert(id);
  check_selection(context, labs, request.pipeline.only);
  request.files.emplace_back(junit, ExportFormat::junit);
  if (options.classroom) request.files.emplace_back(junit.parent_path() / "classroom.json", ExportFormat::classroom);
  const ExportRunOutcome outcome = run_with_exports(context, request);
  const SubmissionResult& result = outcome.run.result;

  print_check_report(std::cout, result, context.style);
  std::cout << github_annotations(result, outcome.context);
  std::cout << "JUnit report: " << junit.string() << "\n";
  append_to_env_file("GITHUB_STEP_SUMMARY", github_step_summary(result, outcome.context));
  if (options.classroom) {
    std::string outputs = "result=" + classroom_result_base64(result, outcome.context) + "\n";
    for (const auto& runner : classroom_runners(result, outcome.context)) {
      outputs += runner.name + "=" + runner.results_base64 + "\n";
    }
    append_to_env_file("GITHUB_OUTPUT", outputs);
  }
  return visible_tests_passed(result) ? kExitPassed : kExitFailed;
}

}  // namespace grader
