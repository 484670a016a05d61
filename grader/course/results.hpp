// The results model: what grading one submission produced, per lab, per test, per configuration.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "controlled_outcome.hpp"
#include "course.hpp"

namespace grader {

// How one (test, configuration) run ended. Only `pass` earns points.
enum class Verdict {
  pass,
  fail,           // the test ran and reported a failure (check, usage, watchdog, sanitizer, todo)
  timeout,        // killed by the grader's wall-clock limit
  crash,          // died by a signal or ended without a results file
  not_compiled,   // the submission did not compile or link for this configuration
  forbidden,      // a static check rejected the submission; nothing ran
  not_submitted,  // the lab's directory or a required file is missing
  error,          // the grader itself could not run the test (a bug or a broken installation)
};

const char* verdict_name(Verdict verdict) noexcept;
std::optional<Verdict> verdict_from_name(const std::string& name) noexcept;

// A file a test attached to its run (a Gantt chart of a differing trace, say), for the feedback files.
// `content` is the file's text; `media_type` tells reports how to show it ("image/svg+xml" is inlined).
struct Artifact {
  std::string name;        // file name, unique within the run ("gantt-yours.svg")
  std::string media_type;  // "image/svg+xml", "text/plain"
  std::string content;
};

// One run of one test in one configuration. `file` is relative to the submission ("mutex/locks.cpp").
struct ConfigOutcome {
  std::string config;
  Verdict verdict = Verdict::error;
  std::string reason;   // one line for the student; empty when passed
  std::string detail;   // further lines (finding details, compiler log excerpt), may be empty
  std::string file;     // student's file relative to the submission, or empty
  int line = 0;
  std::uint64_t seed = 0;
  std::optional<std::uint64_t> failed_seed;  // seed of the failing iteration, when the harness said
  std::string replay;   // the command that replays this run
  double duration_s = 0;
  std::string output;   // capped stdout+stderr excerpt of the test process
  std::vector<Artifact> artifacts;  // files the test attached (only kept when it did not pass)
  std::optional<ControlledRun> controlled;  // the schedule search, in the controlled configuration
  // Not started because another configuration had already settled the test (PipelineOptions::
  // settles_test, verify-mutant); verdict `pass` then only means "nothing against it".
  bool skipped = false;

  // The schedule that replays this run's failure exactly (`labs replay`), when the controlled search found one.
  std::optional<std::string> failing_schedule() const {
    if (controlled && controlled->failed()) return controlled->schedule;
    return std::nullopt;
  }
  // A stress failure whose property a controlled test also checks (`covers` in course.yaml), and that
  // test failed in the same run: its schedule replays the failure exactly, where a re-run of this
  // stress test may not reproduce it. `replay` then holds that replay command.
  struct CoveringReplay {
    std::string test_id;  // the controlled test
    std::uint64_t seed = 0;
    std::string schedule;
  };
  std::optional<CoveringReplay> covering_replay = std::nullopt;
  // This configuration is among the lab's `deterministic` ones (course.yaml): a re-run repeats this run exactly.
  bool deterministic = false;
  // Whether `replay` repeats the failure exactly (a schedule, or a deterministic lab's re-run), rather
  // than re-running a stress test that may not fail again.
  bool replay_is_exact() const {
    return deterministic || failing_schedule().has_value() || covering_replay.has_value();
  }
  int runs = 1;         // grade --runs N: how many runs of this (test, config) were made
  int failed_runs = 0;  // ... and how many of them did not pass ("failed 3 of 20 runs")
};

// One graded test: it earns `max` points iff every configuration passed.
struct TestResult {
  std::string id;
  std::string name;
  std::string gtest;
  double points = 0;
  double max = 0;
  bool passed = false;
  int repetitions = 1;
  Visibility visibility = Visibility::visible;
  std::vector<ConfigOutcome> configs;

  // The first configuration that did not pass, or null.
  const ConfigOutcome* first_failure() const;
};

// One lab of one submission.
struct LabResult {
  std::string id;
  std::string title;
  bool submitted = true;
  double score = 0;
  double max = 0;
  std::string build_log;  // compiler/ninja log when the build failed (capped), else empty
  std::vector<TestResult> tests;
  double build_s = 0;     // wall time of the lab's build (ninja: compile and link), summed over runs
  double run_s = 0;       // wall time of its test processes (all configurations), summed over runs
};

// Everything graded for one submission (one student, or `exercises/`).
struct SubmissionResult {
  std::string name;     // student name: the submission directory's basename
  std::string path;     // absolute path of the submission directory
  std::string display;  // how to name the submission in commands ("exercises", "examples/class/bob")
  double score = 0;
  double max = 0;
  std::string error;    // set when grading itself failed for this submission (the score is then 0)
  std::string content_hash;  // grade: what was graded (files, lab specs, grader build); --resume compares it
  std::vector<LabResult> labs;
};

}  // namespace grader
