// The check command: one submission, one lab, a report the student reads at a glance.
#include "commands_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "check_progress.hpp"
#include "export_run.hpp"
#include "paths.hpp"
#include "replay.hpp"
#include "report_json.hpp"
#include "scoring.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// Per test: how many of the runs passed, and the first failure seen.
struct Tally {
  std::string id;
  int passed = 0;
  std::optional<ConfigOutcome> first_failure;
};

void validate(const LabSpec& lab, const CheckOptions& options, const std::set<std::string>& only) {
  require_test_ids({&lab}, only);
  if (options.config && std::find(lab.configs.begin(), lab.configs.end(), *options.config) == lab.configs.end()) {
    throw UsageError(fmt::format("lab '{}' has no configuration '{}'", lab.id, *options.config));
  }
  if (options.runs < 1) throw UsageError("--runs must be at least 1");
  if (options.repeat && *options.repeat < 1) throw UsageError("--repeat must be at least 1");
}

PipelineOptions check_pipeline(const AppContext& context, const CheckOptions& options, const fs::path& submission) {
  PipelineOptions p = base_pipeline_options(context);
  for (const auto& id : split_list(options.only)) p.only.insert(id);
  p.config = options.config;
  p.seed = options.seed;
  p.repeat = options.repeat;
  p.test_jobs = context.jobs;
  p.build_jobs = context.jobs;
  p.display = display_dir(submission, context.style.cwd);
  if (options.grading) p.purpose = Purpose::grade;
  return p;
}

std::vector<Tally> tally_runs(const std::vector<SubmissionResult>& runs) {
  std::vector<Tally> tallies;
  std::map<std::string, std::size_t> index;
  for (const auto& run : runs) {
    for (const auto& lab : run.labs) {
      for (const auto& t : lab.tests) {
        auto [it, inserted] = index.emplace(t.id, tallies.size());
        if (inserted) tallies.push_back({t.id, 0, std::nullopt});
        Tally& tally = tallies[it->second];
        if (t.passed) ++tally.passed;
        else if (!tally.first_failure && t.first_failure()) tally.first_failure = *t.first_failure();
      }
    }
  }
  return tallies;
}

void print_runs(const std::vector<Tally>& tallies, int runs, bool json) {
  if (json) {
    nlohmann::json tests = nlohmann::json::array();
    for (const auto& t : tallies) {
      tests.push_back({{"id", t.id}, {"passed_runs", t.passed}, {"runs", runs},
                       {"first_failure", t.first_failure ? t.first_failure->reason : ""},
                       {"replay", t.first_failure ? t.first_failure->replay : ""}});
    }
    std::cout << nlohmann::json{{"runs", runs}, {"tests", tests}}.dump(2) << "\n";
    return;
  }
  for (const auto& t : tallies) {
    std::cout << fmt::format("  {:<28} {:>4}/{} runs passed\n", t.id, t.passed, runs);
    if (t.first_failure) {
      std::cout << fmt::format("        [{}] {}\n        {}: {}\n", t.first_failure->config, t.first_failure->reason,
                               replay_label(t.first_failure->replay_is_exact()), t.first_failure->replay);
    }
  }
}

bool all_passed(const SubmissionResult& r) { return r.score == r.max && r.error.empty(); }

fs::path full_log_path(const fs::path& output) {
  return output.parent_path() / (output.stem().string() + ".full.json");
}

bool wants_export_run(const AppContext& context, const CheckOptions& options) {
  const auto format = parse_export_format(context.format);
  return !options.output.empty() || !options.budget.empty() || (format && is_platform_format(*format));
}

// check with --output/--budget/a platform format: one test at a time, the file valid after each.
// Without --output the formatted result goes to stdout and the terminal report to stderr (Autolab
// reads stdout, whose last line must be its scores).
int run_check_export(const AppContext& context, const CheckOptions& options, const LabSpec& lab,
                     const fs::path& submission, const PipelineOptions& pipeline) {
  if (options.runs > 1) throw UsageError("--runs cannot be combined with --output, --budget or a platform --format");
  const ExportFormat format = parse_export_format(context.format).value_or(ExportFormat::text);
  ExportRunRequest request{submission, {&lab}, pipeline, options.budget, {}, false};
  // On a platform the submission is a copy the student never sees; JUnit stays with the real path.
  request.student_replay = is_platform_format(format) && format != ExportFormat::junit;
  if (!options.output.empty()) request.files.emplace_back(options.output, format);
  // Platforms get capped output; the complete result stays beside it for the instructor.
  if (!options.output.empty() && is_platform_format(format)) {
    request.files.emplace_back(full_log_path(options.output), ExportFormat::json);
  }
  const ExportRunOutcome outcome = run_with_exports(context, request);
  const SubmissionResult& result = outcome.run.result;
  if (options.output.empty() && format != ExportFormat::text) {
    std::cout << render_export(format, result, outcome.context, context.course.title);
    if (format != ExportFormat::autolab) print_check_report(std::cerr, result, context.style);
  } else {
    print_check_report(std::cout, result, context.style);
  }
  if (outcome.run.cut_short) std::cerr << outcome.run.not_run_reason << "\n";
  return all_passed(result) ? kExitPassed : kExitFailed;
}

}  // namespace

int run_check(const AppContext& context, const CheckOptions& options) {
  const LabSpec& lab = require_lab(context.course, options.lab);
  const fs::path submission = options.submission.empty() ? context.course.root / "exercises" : options.submission;
  if (!fs::is_directory(submission)) throw UsageError(fmt::format("no such submission directory: {}", submission.string()));
  PipelineOptions pipeline = check_pipeline(context, options, submission);
  validate(lab, options, pipeline.only);
  check_selection(context, {&lab}, pipeline.only);
  if (select_tests(lab, pipeline).empty()) throw UsageError("no test of the lab matches --only and --config");
  if (wants_export_run(context, options)) return run_check_export(context, options, lab, submission, pipeline);
  // The report comes at the end; on a terminal, say what is happening meanwhile (on stderr).
  if (options.runs == 1 && !context.json && progress_wanted()) pipeline.progress = terminal_progress(std::cerr, context.style);
  std::vector<SubmissionResult> runs;
  for (int k = 0; k < options.runs; ++k) {
    pipeline.run_index = k;
    runs.push_back(grade_submission(submission, {&lab}, pipeline));
  }
  bool passed = std::all_of(runs.begin(), runs.end(), all_passed);
  if (options.runs > 1) {
    print_runs(tally_runs(runs), options.runs, context.json);
  } else if (context.json) {
    std::cout << results_json_text(runs.front());
  } else {
    print_check_report(std::cout, runs.front(), context.style);
  }
  return passed ? kExitPassed : kExitFailed;
}

}  // namespace grader
