// Progressive grading wired to result files: every file is complete after every test.
#include "export_run.hpp"

#include <fmt/format.h>

#include <iostream>
#include <set>

#include "budget.hpp"
#include "stop_signal.hpp"
#include "text_files.hpp"

namespace grader {

namespace {

using Clock = std::chrono::steady_clock;

class FileWriter {
 public:
  FileWriter(const AppContext& context, const ExportRunRequest& request, Clock::time_point start)
      : context_(context), request_(request), start_(start) {}

  void write(const SubmissionResult& result, const std::string& not_run_reason) {
    ExportContext e = export_context(not_run_reason);
    for (const auto& [file, format] : request_.files) {
      try {
        write_file_atomically(file, render_export(format, result, e, context_.course.title));
      } catch (const std::exception& error) {
        if (warned_.insert(file.string()).second) std::cerr << "warning: " << error.what() << "\n";
      }
    }
  }

  ExportContext export_context(const std::string& not_run_reason) const {
    ExportContext e;
    e.cwd = context_.style.cwd;
    e.not_run_reason = not_run_reason;
    e.execution_time_s = std::chrono::duration<double>(Clock::now() - start_).count();
    e.student_replay = request_.student_replay;
    e.invoker = context_.invoker;
    return e;
  }

 private:
  const AppContext& context_;
  const ExportRunRequest& request_;
  Clock::time_point start_;
  std::set<std::string> warned_;
};

}  // namespace

std::chrono::milliseconds require_budget(const std::string& text) {
  if (auto d = parse_duration_text(text)) return *d;
  throw UsageError(fmt::format("--budget '{}' is not a duration (e.g. 600, 90s, 10m)", text));
}

bool all_tests_passed(const SubmissionResult& result) { return result.score == result.max && result.error.empty(); }

ExportRunOutcome run_with_exports(const AppContext& context, const ExportRunRequest& request) {
  ProgressiveOptions options;
  if (!request.budget.empty()) options.budget = require_budget(request.budget);
  options.start = Clock::now();
  options.stop = &install_stop_handlers();
  FileWriter writer(context, request, options.start);
  options.on_progress = [&](const SubmissionResult& r, const std::string& reason) { writer.write(r, reason); };
  ExportRunOutcome outcome{grade_progressively(request.submission, request.labs, request.pipeline, options), {}};
  outcome.context = writer.export_context(outcome.run.not_run_reason);
  return outcome;
}

}  // namespace grader
