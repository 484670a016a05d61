// Graded tests of run_pipeline: output, statuses, concurrency, descriptor hygiene, reaping, faults.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <string>

#include "process_checks.hpp"

namespace process_lab {
namespace {

using harness::processes::CountState;
using harness::processes::FaultPlan;
using harness::processes::FaultRates;
using harness::processes::generated_text;

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string count_line(const std::string& text) {
  CountState count;
  count.add(text);
  return count.line();
}

std::string shown(const Stages& stages) {
  std::string text;
  for (const auto& stage : stages) {
    if (!text.empty()) text += " | ";
    for (std::size_t i = 0; i < stage.size(); ++i) text += (i ? " " : "") + stage[i];
  }
  return text;
}

// What one run of the student's run_pipeline produced.
struct PipelineRun {
  PipelineOutcome outcome;
  std::string output;
};

// The student's run_pipeline between /dev/null and a memory file; `caller_fds` receives their numbers.
PipelineRun run_pipeline(const Stages& stages, std::vector<int>* caller_fds = nullptr) {
  const TestFd in = TestFd::empty_input(), out = TestFd::output();
  if (caller_fds != nullptr) *caller_fds = {in.fd(), out.fd()};
  PipelineOutcome outcome = api().run_pipeline(stages, in.fd(), out.fd());
  guard_escape("run_pipeline");
  return {outcome, out.contents()};
}

// The output must be `expected`; says how it differs otherwise.
bool expect_output(const PipelineRun& run, const std::string& expected, const Stages& stages) {
  if (run.output == expected) return true;
  std::size_t same = 0;
  while (same < run.output.size() && same < expected.size() && run.output[same] == expected[same]) ++same;
  harness::fail_check("`" + shown(stages) + "` wrote " + std::to_string(run.output.size()) + " bytes to out_fd, expected " +
                      std::to_string(expected.size()) + "; they differ from byte " + std::to_string(same) +
                      (run.output.size() < 200 ? ": got \"" + run.output + "\"" : ""));
  return false;
}

// Each stage's exit code, and last/pipefail as a shell computes them from those.
bool expect_codes(const PipelineRun& run, const std::vector<int>& codes, const Stages& stages) {
  const std::string what = "`" + shown(stages) + "`";
  if (run.outcome.error != 0) {
    harness::fail_check(what + ": run_pipeline reported error " + std::to_string(run.outcome.error) + " (" +
                        std::strerror(run.outcome.error) + ") although every pipe and fork could succeed");
    return false;
  }
  if (run.outcome.stages.size() != codes.size()) {
    harness::fail_check(what + ": run_pipeline returned " + std::to_string(run.outcome.stages.size()) + " statuses for " +
                        std::to_string(codes.size()) + " stages");
    return false;
  }
  int pipefail = 0;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const int status = run.outcome.stages[i];
    if (api().exit_code(status) != codes[i] || (codes[i] >= 128) != WIFSIGNALED(status)) {
      harness::fail_check(what + ": stage " + std::to_string(i + 1) + " " + describe_status(status) + " (exit_code " +
                          std::to_string(api().exit_code(status)) + "), expected exit_code " + std::to_string(codes[i]));
      return false;
    }
    if (codes[i] != 0) pipefail = codes[i];
  }
  if (run.outcome.last != codes.back() || run.outcome.pipefail != pipefail) {
    harness::fail_check(what + ": last = " + std::to_string(run.outcome.last) + " and pipefail = " + std::to_string(run.outcome.pipefail) +
                        ", expected " + std::to_string(codes.back()) + " and " + std::to_string(pipefail) +
                        " (last: the last stage's exit code; pipefail: the rightmost nonzero one)");
    return false;
  }
  return true;
}

bool all_zero(const PipelineRun& run, const Stages& stages) { return expect_codes(run, std::vector<int>(stages.size(), 0), stages); }

// One pipeline whose output is `expected` and whose stages all exit 0, leaving nothing behind.
bool pipeline_gives(const Stages& stages, const std::string& expected) {
  Scope scope(stages);
  const PipelineRun run = run_pipeline(stages);
  return scope.leaves_nothing_behind("run_pipeline") && expect_output(run, expected, stages) && all_zero(run, stages);
}

TEST(Pipeline, OutputOfEveryStage) {
  if (!pipeline_gives({{"lab-gen", "1000"}}, generated_text(0, 1000))) return;
  if (!pipeline_gives({{"lab-gen", "5000"}, {"lab-xform"}}, upper(generated_text(0, 5000)))) return;
  pipeline_gives({{"lab-gen", "30000"}, {"lab-xform"}, {"lab-count"}}, count_line(upper(generated_text(0, 30000))));
}

TEST(Pipeline, StatusesLikeAShell) {
  struct Case {
    Stages stages;
    std::vector<int> codes;
  };
  const Case cases[] = {
      {{{"lab-exit", "3", "--drain"}, {"lab-exit", "0", "--drain"}}, {3, 0}},
      {{{"lab-gen", "10"}, {"lab-exit", "5", "--drain"}}, {0, 5}},
      // lab-head ends after 10 bytes; lab-gen, writing more than a pipe holds, is killed by SIGPIPE.
      {{{"lab-gen", "1000000"}, {"lab-head", "10"}}, {128 + SIGPIPE, 0}},
      {{{"lab-exit", "0"}, {"lab-no-such-program"}}, {0, 127}},
  };
  for (const Case& c : cases) {
    Scope scope(c.stages);
    const PipelineRun run = run_pipeline(c.stages);
    if (!scope.leaves_nothing_behind("run_pipeline") || !expect_codes(run, c.codes, c.stages)) return;
  }
}

TEST(Pipeline, StagesRunConcurrently) {
  // Two megabytes through three stages: a pipe holds 64 KiB, so a stage that waits for the one before it
  // to end before it starts can never start — the watchdog then says which stage waits for what.
  const std::size_t bytes = 2u << 20;
  const Stages stages{{"lab-gen", std::to_string(bytes)}, {"lab-xform"}, {"lab-count"}};
  pipeline_gives(stages, count_line(upper(generated_text(0, bytes))));
}

TEST(Pipeline, DescriptorHygiene) {
  // Four different programs, so that each exec names its stage.
  const Stages stages{{"lab-gen", "20000"}, {"lab-xform"}, {"lab-head", "1000000"}, {"lab-count"}};
  Scope scope(stages);
  std::vector<int> caller_fds;
  const PipelineRun run = run_pipeline(stages, &caller_fds);
  const bool children = stages_held_only_their_pipes(stages, caller_fds);
  const bool caller = scope.leaves_nothing_behind("run_pipeline");
  if (children && caller) expect_output(run, count_line(upper(generated_text(0, 20000))), stages);
}

TEST(Pipeline, EveryStageReaped) {
  const Stages cases[] = {
      {{"lab-exit", "0"}, {"lab-count"}},
      {{"lab-gen", "100"}, {"lab-exit", "2", "--drain"}, {"lab-count"}},
      {{"lab-gen", "1000000"}, {"lab-head", "1"}, {"lab-count"}},
  };
  for (const Stages& stages : cases) {
    Scope scope(stages);
    run_pipeline(stages);
    if (!scope.leaves_nothing_behind("run_pipeline")) return;
  }
}

TEST(Pipeline, SurvivesInterruptedAndFailingCalls) {
  {
    // Every other waitpid fails with EINTR, and the second fork fails once with EAGAIN (try again, as the
    // error says).
    FaultPlan plan(fork_failures(2, 1, alternating_interruptions(0.3)));
    const Stages stages{{"lab-gen", "300000"}, {"lab-xform"}, {"lab-count"}};
    if (!pipeline_gives(stages, count_line(upper(generated_text(0, 300000))))) {
      harness::fail_check("faults made: " + FaultPlan::summary());
      return;
    }
  }
  // The middle program cannot be started: its child must end with 127, never run on as a copy of the parent.
  FaultPlan plan(exec_failures("lab-xform"));
  const Stages stages{{"lab-gen", "100000"}, {"lab-xform"}, {"lab-count"}};
  Scope scope(stages);
  const PipelineRun run = run_pipeline(stages);
  if (!scope.leaves_nothing_behind("run_pipeline")) return;
  if (run.outcome.stages.size() == 3 && api().exit_code(run.outcome.stages[1]) != 127)
    harness::fail_check("`" + shown(stages) + "` with lab-xform missing: its stage " + describe_status(run.outcome.stages[1]) +
                        ", expected exit status 127 (a shell's \"command not found\")");
  else if (run.outcome.stages.size() != 3)
    harness::fail_check("run_pipeline returned " + std::to_string(run.outcome.stages.size()) + " statuses for 3 stages");
}

TEST(Pipeline, ForkFailureCleansUp) {
  // From the third fork on, every fork fails: the pipeline cannot run; run_pipeline must say so and
  // leave nothing behind — no stage already started, no pipe.
  FaultPlan plan(fork_failures(3, 1000));
  const Stages stages{{"lab-gen", "1000000"}, {"lab-xform"}, {"lab-head", "1000000"}, {"lab-count"}};
  Scope scope(stages);
  const PipelineRun run = run_pipeline(stages);
  if (!scope.leaves_nothing_behind("run_pipeline (when fork keeps failing)")) return;
  if (run.outcome.error != EAGAIN || !run.outcome.stages.empty())
    harness::fail_check("when fork keeps failing with EAGAIN, run_pipeline must return error = EAGAIN and no statuses; it returned error " +
                        std::to_string(run.outcome.error) + " and " + std::to_string(run.outcome.stages.size()) + " statuses");
}

}  // namespace
}  // namespace process_lab
