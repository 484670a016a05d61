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

// A passing schedule is still worth looking at: the student asked to see this interleaving.
void print_passing_schedule(std::ostream& out, const ReplayOptions& options, const ConfigOutcome* outcome) {
  out << fmt::format("This schedule passes: test {} finds no failure when it runs {}.\n", options.test,
                     options.schedule);
  if (outcome && outcome->controlled && !outcome->controlled->trace.empty()) {
    out << "Its interleaving (one column per thread, » marks a preemption):\n" << outcome->controlled->trace;
  } else {
    out << "(The test printed no trace of it.)\n";
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
    print_passing_schedule(std::cout, options, outcome);
  } else {
    print_check_report(std::cout, result, context.style);
  }
  return passed ? kExitPassed : kExitFailed;
}

}  // namespace grader
