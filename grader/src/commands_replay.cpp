// The replay command: one controlled schedule, replayed exactly, its interleaving printed for the student.
#include "commands_replay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "controlled_spec.hpp"
#include "paths.hpp"
#include "pipeline.hpp"
#include "report_terminal.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

void validate(const LabSpec& lab, const ReplayOptions& options) {
  const TestSpec* test = lab.find_test(options.test);
  if (test == nullptr) throw UsageError(fmt::format("lab '{}' has no test '{}'", lab.id, options.test));
  if (std::find(test->configs.begin(), test->configs.end(), kControlledConfig) == test->configs.end()) {
    throw UsageError(fmt::format("test '{}' does not run in the {} configuration, so it has no schedules to replay",
                                 test->id, kControlledConfig));
  }
  if (!valid_schedule(options.schedule)) {
    throw UsageError(fmt::format("malformed schedule '{}': expected '1:' then step-count and thread-letter pairs, "
                                 "e.g. 1:3b2c (copy it from the failure's replay command)", options.schedule));
  }
}

}  // namespace

int run_replay(const AppContext& context, const ReplayOptions& options) {
  const LabSpec& lab = require_lab(context.course, options.lab);
  validate(lab, options);
  const fs::path submission = options.submission.empty() ? context.course.root / "exercises" : options.submission;
  if (!fs::is_directory(submission)) throw UsageError(fmt::format("no such submission directory: {}", submission.string()));
  PipelineOptions pipeline = base_pipeline_options(context);
  pipeline.only = {options.test};
  pipeline.config = kControlledConfig;
  pipeline.schedule = options.schedule;
  pipeline.display = display_dir(submission, context.style.cwd);
  const SubmissionResult result = grade_submission(submission, {&lab}, pipeline);
  const bool passed = result.score == result.max && result.error.empty();
  const ConfigOutcome* outcome = result.labs.empty() || result.labs.front().tests.empty()
                                     ? nullptr
                                     : (result.labs.front().tests.front().configs.empty()
                                            ? nullptr
                                            : &result.labs.front().tests.front().configs.front());
  if (passed) {
    std::cout << fmt::format("The schedule {} passes test {}.\n", options.schedule, options.test);
    if (outcome && outcome->controlled && !outcome->controlled->trace.empty()) {
      std::cout << outcome->controlled->trace;
    }
  } else {
    print_check_report(std::cout, result, context.style);
  }
  return passed ? kExitPassed : kExitFailed;
}

}  // namespace grader
