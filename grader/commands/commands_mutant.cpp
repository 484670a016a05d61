// The verify-mutant command: checks that the graded tests catch a known bug, optionally over many runs.
#include "commands_mutant.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>

#include "mutant_spec.hpp"
#include "object_cache.hpp"
#include "paths.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// A build or setup failure, or the grader's own: the mutant never reached the test.
bool reached_no_test(const ConfigOutcome& o) {
  return o.verdict == Verdict::error || o.verdict == Verdict::not_compiled || o.verdict == Verdict::not_submitted;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Whether one configuration's outcome catches the mutant: it ran the student's code and failed, for the
// reason the spec names if it names one.
bool catches(const ConfigOutcome& o, const MutantSpec& spec) {
  if (o.skipped || o.verdict == Verdict::pass || reached_no_test(o)) return false;
  return !spec.reason || lower(o.reason).find(lower(*spec.reason)) != std::string::npos;
}

// Empty when `test` caught the bug as specified; else why not.
std::string miss_reason(const TestResult& test, const MutantSpec& spec) {
  if (test.passed) return "the test passed";
  for (const auto& o : test.configs) {
    if (o.skipped || o.verdict == Verdict::pass) continue;
    // The mutant must reach the tests: a build or setup failure proves nothing about them.
    if (reached_no_test(o)) return o.reason;
    if (catches(o, spec)) return {};
  }
  return fmt::format("failed, but no reason contains \"{}\" (got: {})", *spec.reason, test.first_failure()->reason);
}

struct TestTally {
  std::string id;
  int caught = 0;
  std::string last_miss;
  std::string example_reason;
};

void tally(const SubmissionResult& run, const MutantSpec& spec, std::vector<TestTally>& tallies) {
  for (auto& t : tallies) {
    const TestResult* test = nullptr;
    for (const auto& lab : run.labs)
      for (const auto& candidate : lab.tests)
        if (candidate.id == t.id) test = &candidate;
    const std::string miss = test ? miss_reason(*test, spec) : std::string("the test did not run");
    if (miss.empty()) {
      ++t.caught;
      if (t.example_reason.empty()) t.example_reason = test->first_failure()->reason;
    } else {
      t.last_miss = miss;
    }
  }
}

void print_text(const fs::path& dir, const MutantSpec& spec, const std::vector<TestTally>& tallies, int runs) {
  std::cout << fmt::format("{} ({}): {}\n", dir.filename().string(), spec.lab, spec.bug);
  for (const auto& t : tallies) {
    const bool all = t.caught == runs;
    std::cout << fmt::format("  {}  {:<28} caught in {}/{} runs\n", all ? "CAUGHT" : "MISSED", t.id, t.caught, runs);
    if (!t.example_reason.empty()) std::cout << "          reason: " << t.example_reason << "\n";
    if (!all) std::cout << "          missed: " << t.last_miss << "\n";
  }
}

void print_json(const fs::path& dir, const MutantSpec& spec, const std::vector<TestTally>& tallies, int runs, bool ok) {
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& t : tallies) {
    tests.push_back({{"id", t.id}, {"caught_runs", t.caught}, {"runs", runs}, {"reason", t.example_reason},
                     {"missed", t.last_miss}});
  }
  std::cout << nlohmann::json{{"mutant", dir.string()}, {"lab", spec.lab}, {"bug", spec.bug}, {"runs", runs},
                              {"caught", ok}, {"tests", tests}}.dump(2) << "\n";
}

}  // namespace

int run_verify_mutant(const AppContext& context, const MutantOptions& options) {
  if (!fs::is_directory(options.dir)) throw UsageError(fmt::format("no such directory: {}", options.dir.string()));
  if (options.runs < 1) throw UsageError("--runs must be at least 1");
  const MutantSpec spec = load_mutant_spec(options.dir / "mutant.yaml", context.course);
  const LabSpec& lab = require_lab(context.course, spec.lab);
  PipelineOptions pipeline = base_pipeline_options(context);
  pipeline.only.insert(spec.caught_by.begin(), spec.caught_by.end());
  check_selection(context, {&lab}, pipeline.only);
  // A mutant is a bug in its own lab: the labs it depends on come from where `grade` takes them (e.g.
  // the reference mutex), so a mutant directory holds only its own lab's files.
  pipeline.purpose = Purpose::grade;
  pipeline.test_jobs = context.jobs;
  pipeline.build_jobs = context.jobs;
  pipeline.display = display_dir(options.dir, context.style.cwd);
  // Mutants of a lab mostly keep the reference's headers: their adapters compile once for all of them.
  pipeline.object_cache = context.work_dir / kObjectCacheDir;
  // One catching configuration decides a test: its other configurations would only cost time.
  pipeline.settles_test = [&spec](const ConfigOutcome& o) { return catches(o, spec); };
  std::vector<TestTally> tallies;
  for (const auto& id : spec.caught_by) tallies.push_back({id, 0, {}, {}});
  for (int k = 0; k < options.runs; ++k) {
    pipeline.run_index = k;
    tally(grade_submission(options.dir, {&lab}, pipeline), spec, tallies);
  }
  ObjectCache(pipeline.object_cache).prune(kObjectCacheBytes);
  const bool ok = std::all_of(tallies.begin(), tallies.end(), [&](const auto& t) { return t.caught == options.runs; });
  if (context.json) print_json(options.dir, spec, tallies, options.runs, ok);
  else print_text(options.dir, spec, tallies, options.runs);
  return ok ? kExitPassed : kExitFailed;
}

}  // namespace grader
