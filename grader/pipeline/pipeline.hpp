// The grading pipeline for one submission: static checks, staging, build, test runs, verdicts, score.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "build_info.hpp"
#include "course.hpp"
#include "results.hpp"

namespace grader {

// Why a submission is graded: a student's own `check`, or an instructor's `grade` (and CI). It picks
// where a lab's depends_on files come from (course.yaml `from: {check: ..., grade: ...}`).
enum class Purpose { check, grade };

// Observers of one submission's grading (check's live progress). Called from the grading threads, one
// call at a time; must not throw.
struct PipelineProgress {
  // The lab is about to be built in these configurations.
  std::function<void(const LabSpec& lab, const std::vector<std::string>& configs)> on_build;
  // One (test, configuration) run has its verdict; `done` of `total` runs of the lab are finished.
  std::function<void(const TestSpec& test, const ConfigOutcome& outcome, std::size_t done, std::size_t total)> on_run;
};

struct PipelineOptions {
  const Course* course = nullptr;
  const BuildInfo* build = nullptr;
  std::filesystem::path work_dir;        // per-submission stage and build directories go below it
  std::set<std::string> only;            // test ids to run; empty = every test of the lab
  std::optional<std::string> config;     // run only this configuration (tests without it are skipped)
  std::optional<std::uint64_t> seed;     // base seed; default: stable per test (default_seed)
  std::optional<int> repeat;             // iterations per run; default: the test's repetitions
  int run_index = 0;                     // k of check --runs N: seed offset k*1000
  int test_jobs = 1;                     // test processes of this submission run at once
  int build_jobs = 0;                    // ninja -j (0 = ninja's default)
  std::string invoker = "labs-grader";   // for replay commands
  std::string display;                   // the submission as named in replay commands
  Purpose purpose = Purpose::check;      // grade and ci set Purpose::grade
  std::optional<bool> sandbox;           // --sandbox/--no-sandbox; unset: as sandbox_choice(), else on for grade
  std::optional<std::string> schedule;   // replay: run the controlled configuration on exactly this schedule
  PipelineProgress progress;             // optional observers (check on a terminal)
  // Where builds share compiled objects across submissions (ObjectCache); empty: none (check, mutants).
  std::filesystem::path object_cache = {};
  // Wall-clock budget of one grade_submission call (all its labs, builds included): tests that would
  // start after it are not run ("not run: the submission used up its time budget"), and a test's time
  // limit is cut to what remains. Bounds what a submission that hangs in every test can cost. Unset: none.
  std::optional<std::chrono::milliseconds> submission_budget;
  // When set, a configuration outcome for which it returns true settles its test: the test's
  // configurations not started yet are skipped (ConfigOutcome::skipped). The lab is then built in two
  // steps, each test's first configuration and then what the tests still open need, so a configuration
  // only settled tests need is never compiled. verify-mutant sets it to "this configuration caught the
  // mutant", since one catching configuration decides the test.
  std::function<bool(const ConfigOutcome&)> settles_test = {};
};

// Grades `labs` of the submission in `dir` (each lab in <dir>/<lab id>/; a missing directory gives every
// test 0 with "not submitted"). Never throws: a failure of the grader itself for a lab becomes that
// lab's tests with verdict `error`. The result is scored.
SubmissionResult grade_submission(const std::filesystem::path& dir, const std::vector<const LabSpec*>& labs,
                                  const PipelineOptions& options);

// Where `dep`'s files come from when grading for `purpose`.
LabSpec::Dependency::From dependency_source(const LabSpec::Dependency& dep, Purpose purpose);

// The tests of `lab` selected by options.only/options.config, with the configurations each runs in.
std::vector<std::pair<const TestSpec*, std::vector<std::string>>> select_tests(const LabSpec& lab,
                                                                                const PipelineOptions& options);

}  // namespace grader
