// The check command: one submission, one lab, a report the student reads at a glance.
#include "commands_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "paths.hpp"
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
  for (const auto& id : only) {
    if (!lab.find_test(id)) throw UsageError(fmt::format("lab '{}' has no test '{}'", lab.id, id));
  }
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
      std::cout << fmt::format("        [{}] {}\n        replay: {}\n", t.first_failure->config, t.first_failure->reason,
                               t.first_failure->replay);
    }
  }
}

bool all_passed(const SubmissionResult& r) { return r.score == r.max && r.error.empty(); }

}  // namespace

int run_check(const AppContext& context, const CheckOptions& options) {
  const LabSpec& lab = require_lab(context.course, options.lab);
  const fs::path submission = options.submission.empty() ? context.course.root / "exercises" : options.submission;
  if (!fs::is_directory(submission)) throw UsageError(fmt::format("no such submission directory: {}", submission.string()));
  PipelineOptions pipeline = check_pipeline(context, options, submission);
  validate(lab, options, pipeline.only);
  if (select_tests(lab, pipeline).empty()) throw UsageError("no test of the lab matches --only and --config");
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
