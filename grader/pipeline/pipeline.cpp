// The grading pipeline: for each lab of a submission, check -> stage -> build -> run -> classify -> score.
#include "pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <set>

#include "ast_checks.hpp"
#include "build.hpp"
#include "controlled_spec.hpp"
#include "covering_replay.hpp"
#include "object_checks.hpp"
#include "object_definitions.hpp"
#include "parallel.hpp"
#include "paths.hpp"
#include "replay.hpp"
#include "run_lock.hpp"
#include "sandbox.hpp"
#include "scoring.hpp"
#include "staging.hpp"
#include "static_checks.hpp"
#include "submission_files.hpp"
#include "test_run.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

using Selection = std::vector<std::pair<const TestSpec*, std::vector<std::string>>>;

// Everything one lab's grading needs; built once per (submission, lab).
struct LabJob {
  const LabSpec& lab;
  const PipelineOptions& opt;
  fs::path submission;  // absolute
  fs::path key_dir;     // <work>/<submission key>
  StageMap stage;
  Selection selection;
  LabResult result;
  std::optional<std::chrono::steady_clock::time_point> deadline;  // the submission's time budget ends
  std::vector<char> settled = {};  // per selected test: a configuration settled it (settles_test)
};

std::string replay_for(const LabJob& job, const TestSpec& test, const std::string& config, std::uint64_t seed,
                       std::optional<std::string> schedule = std::nullopt) {
  return replay_command({job.opt.invoker, job.lab.id, job.opt.display, test.id, config, seed,
                         job.opt.repeat.value_or(test.repetitions), std::move(schedule)});
}

// The lab's own staged files (never a dependency's, which may be the reference solution).
std::vector<fs::path> staged_sources(const LabJob& job) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const std::string& file : job.lab.files) {
    const fs::path path = job.stage.root() / job.lab.id / file;
    if (fs::is_regular_file(path, ec)) files.push_back(path);
  }
  return files;
}

// Untrusted code runs in the sandbox: by default when an instructor grades, not for a student's own check.
bool use_sandbox(const PipelineOptions& opt) {
  if (opt.sandbox) return *opt.sandbox;
  return sandbox_choice().value_or(opt.purpose == Purpose::grade);
}

// A sanitizer runtime is linked (the controlled configuration compiles with -fsanitize=thread, links none).
bool sanitized(const ConfigBuild& config) {
  return std::any_of(config.link_flags.begin(), config.link_flags.end(),
                     [](const std::string& flag) { return flag.rfind("-fsanitize=", 0) == 0; });
}

std::uint64_t seed_for(const PipelineOptions& opt, const TestSpec& test) {
  return run_seed(opt.seed.value_or(default_seed(test.id)), opt.run_index);
}

// The outcome of `test` in `config` before anything ran: its seed, the command that repeats it, and
// whether that command is an exact replay (the lab's deterministic configurations).
ConfigOutcome fresh_outcome(const LabJob& job, const TestSpec& test, const std::string& config) {
  ConfigOutcome o;
  o.config = config;
  o.seed = seed_for(job.opt, test);
  o.replay = replay_for(job, test, config, o.seed);
  o.deterministic = test.deterministic_in(config);
  return o;
}

// The lab's result with every selected test present and no outcomes yet.
LabResult empty_result(const LabSpec& lab, const Selection& selection) {
  LabResult result{lab.id, lab.title, true, 0, 0, {}, {}};
  for (const auto& [test, configs] : selection) {
    TestResult t;
    t.id = test->id;
    t.name = test->name;
    t.gtest = test->gtest;
    t.max = test->points;
    t.repetitions = test->repetitions;
    t.visibility = test->visibility;
    result.tests.push_back(std::move(t));
  }
  return result;
}

// Gives every configuration of every selected test the same verdict (nothing of the student ran).
void fail_all(LabJob& job, Verdict verdict, const std::string& reason, const std::string& file = {}, int line = 0,
              const std::string& detail = {}) {
  for (std::size_t i = 0; i < job.selection.size(); ++i) {
    const auto& [test, configs] = job.selection[i];
    job.result.tests[i].configs.clear();
    for (const auto& config : configs) {
      ConfigOutcome o = fresh_outcome(job, *test, config);
      o.verdict = verdict;
      o.reason = reason;
      o.detail = detail;
      o.file = file;
      o.line = line;
      job.result.tests[i].configs.push_back(std::move(o));
    }
  }
}

std::string joined(const std::vector<Violation>& violations) {
  std::string text;
  for (const auto& v : violations) text += v.to_string() + "\n";
  return text;
}

// LABS_TEST_ONLY_SKIP_STATIC_CHECKS=1 turns off every check of what the code says (identifiers, imports,
// definitions, instructions, resolved names) so that the hostile corpus can show the run-time defences
// (sandbox, limits, the verdict seal) hold on their own. Announced once on stderr; never for real grading.
bool static_checks_skipped() {
  static const bool skipped = [] {
    const char* value = std::getenv("LABS_TEST_ONLY_SKIP_STATIC_CHECKS");
    const bool on = value != nullptr && std::string(value) == "1";
    if (on) {
      std::fprintf(stderr, "static checks are OFF (LABS_TEST_ONLY_SKIP_STATIC_CHECKS=1): only for testing the "
                           "run-time defences\n");
    }
    return on;
  }();
  return skipped;
}

// Static source checks; false (and every test failed) when the submission is incomplete or forbidden.
bool passes_source_checks(LabJob& job, const fs::path& lab_dir) {
  if (auto missing = check_required_files(job.lab, lab_dir); !missing.empty()) {
    fail_all(job, Verdict::not_submitted, "incomplete: " + missing.front().to_string(), missing.front().file, 0,
             joined(missing));
    return false;
  }
  if (static_checks_skipped()) return true;
  if (auto found = check_sources(job.lab, lab_dir); !found.empty()) {
    fail_all(job, Verdict::forbidden, "forbidden API: " + found.front().message, found.front().file,
             found.front().line, joined(found));
    return false;
  }
  return true;
}

// The student files the build compiles: C++ sources and assembly files (.S, preprocessed).
bool is_compiled_source(const std::string& file) {
  return (file.size() > 4 && file.ends_with(".cpp")) || (file.size() > 2 && file.ends_with(".S"));
}

// What staging found wrong with the files it read: missing ones ("mutex/locks.hpp") and refused ones
// (links, devices..., one sentence each).
struct StageProblems {
  std::vector<std::string> missing;
  std::vector<std::string> refused;
};

// Stages `lab`'s files from `root`/<lab id> and returns the stage-relative .cpp files to compile.
std::vector<std::string> stage_one(const LabJob& job, const LabSpec& lab, const fs::path& root,
                                   StageProblems& problems) {
  StageOutcome staged = stage_files(root, lab.id, lab.files, job.stage.root() / lab.id);
  for (const auto& file : staged.missing) problems.missing.push_back(lab.id + "/" + file);
  for (auto& refused : staged.refused) problems.refused.push_back(std::move(refused));
  std::vector<std::string> sources;
  for (const auto& f : lab.files) {
    if (is_compiled_source(f)) sources.push_back(lab.id + "/" + f);
  }
  return sources;
}

// The labs whose files this lab compiles from the submission itself ("mutex"), for the feedback.
std::vector<std::string> own_dependencies(const LabJob& job) {
  std::vector<std::string> labs;
  for (const auto& dep : job.lab.depends_on) {
    if (dependency_source(dep, job.opt.purpose) == LabSpec::Dependency::From::submission) labs.push_back(dep.lab);
  }
  return labs;
}

// Stages the lab and the labs it depends on; fills the build request's sources and include dirs.
// Everything later (static checks, compiler) reads the staged copies, never the submission again.
StageProblems stage_all(const LabJob& job, BuildRequest& req) {
  StageProblems problems;
  req.student_sources = stage_one(job, job.lab, job.submission, problems);
  req.include_dirs.push_back(job.stage.root() / job.lab.id);
  for (const auto& dep : job.lab.depends_on) {
    const LabSpec* other = job.opt.course->find_lab(dep.lab);
    if (!other) continue;
    const fs::path root = dependency_source(dep, job.opt.purpose) == LabSpec::Dependency::From::solutions
                              ? job.opt.course->root / "solutions"
                              : job.submission;
    auto sources = stage_one(job, *other, root, problems);
    req.student_sources.insert(req.student_sources.end(), sources.begin(), sources.end());
    req.include_dirs.push_back(job.stage.root() / dep.lab);
  }
  return problems;
}

// A submission is data: a lab whose files are links, devices... gets 0 with the path named (the
// student's doing, so not a grader error). Returns false when that happened.
bool accepts_staged_files(LabJob& job, const StageProblems& problems) {
  if (problems.refused.empty()) return true;
  std::string detail;
  for (const auto& problem : problems.refused) detail += problem + "\n";
  const std::string& first = problems.refused.front();
  fail_all(job, Verdict::forbidden, "not accepted: " + first, first.substr(0, first.find(' ')), 0, detail);
  return false;
}

// The configurations to build next, in the lab's order, none of `built`: normally every one a selected test
// needs, in one build. When one configuration can settle its test (verify-mutant), the first build is only
// each test's first configuration, and the next one the rest of the tests it did not settle: most
// mutants are caught in their tests' first configuration, and the others then never compile.
std::vector<std::string> configs_to_build(const LabJob& job, const std::set<std::string>& built) {
  const bool first_only = job.opt.settles_test && built.empty();
  std::vector<std::string> configs;
  for (const auto& config : job.lab.configs) {
    if (built.count(config)) continue;
    for (std::size_t i = 0; i < job.selection.size(); ++i) {
      const auto& test_configs = job.selection[i].second;
      if (job.settled[i] || test_configs.empty()) continue;
      const bool wanted = first_only ? test_configs.front() == config
                                     : std::find(test_configs.begin(), test_configs.end(), config) != test_configs.end();
      if (wanted) {
        configs.push_back(config);
        break;
      }
    }
  }
  return configs;
}

// The object checks of one built configuration: what the student's objects (and the adapter, which
// inlines the student's headers) import, define and execute.
std::vector<Violation> object_violations(const LabJob& job, const std::string& config, const ConfigBinary& built) {
  const fs::path obj_dir = job.key_dir / job.lab.id / config / "obj";
  std::vector<fs::path> objects;
  std::map<fs::path, std::string> source_of;
  for (const auto& object : built.student_objects) {
    std::string rel = fs::relative(object, obj_dir).generic_string();
    rel = rel.substr(0, rel.size() - 2);  // strip ".o"
    if (rel.rfind(job.lab.id + "/", 0) != 0) continue;  // a dependency's files are checked in their own lab
    objects.push_back(object);
    source_of[object] = rel;
  }
  const std::set<std::string> own = defined_symbols(built.student_objects);
  auto found = check_definitions(job.lab, objects, source_of);
  if (found.empty()) {
    std::vector<fs::path> importers = objects;
    const fs::path adapter = obj_dir / "adapter" / "adapter.cpp.o";
    if (fs::exists(adapter)) {
      importers.push_back(adapter);
      source_of[adapter] = job.lab.id + "/" + job.lab.files.front() + " (inlined into the test adapter)";
    }
    found = check_imported_symbols(job.lab, importers, source_of, own);
  }
  if (found.empty()) found = check_instructions(objects, source_of);
  return found;
}

// Object checks on every built configuration: code under #if LAB_INSTRUMENTED (or any macro of one
// configuration) is checked as the configuration that compiles it.
bool passes_symbol_check(LabJob& job, const BuildOutcome& built) {
  if (static_checks_skipped()) return true;
  for (const auto& [config, outcome] : built.configs) {
    if (!outcome.ok) continue;
    auto found = object_violations(job, config, outcome);
    if (found.empty()) continue;
    fail_all(job, Verdict::forbidden, "forbidden API: " + found.front().message, found.front().file, 0, joined(found));
    return false;
  }
  return true;
}

// The resolved-name check (libclang) of the lab's own C++ files, parsed as each built configuration
// compiles them (code under #if LAB_CONTROLLED is seen). Runs after the build: a source that would hang
// or exhaust the parser (a template bomb) has already failed the sandboxed, limited compiler.
bool passes_ast_check(LabJob& job, const BuildRequest& req, const BuildOutcome& built) {
  if (static_checks_skipped()) return true;
  const std::string own_prefix = job.lab.id + "/";
  const StudentFileLabel label_of = [&](const fs::path& file) -> std::optional<std::string> {
    auto label = job.stage.to_submission(file.string());
    if (!label || !label->starts_with(own_prefix)) return std::nullopt;
    return label;
  };
  std::set<std::vector<std::string>> parsed;
  for (const auto& [config, outcome] : built.configs) {
    if (!outcome.ok) continue;
    std::vector<std::string> flags = job.opt.build->config(config).compile_flags;
    for (const fs::path& dir : req.include_dirs) flags.push_back("-I" + dir.string());
    std::vector<std::string> args = parse_arguments(flags);
    if (!parsed.insert(args).second) continue;
    for (const std::string& file : job.lab.files) {
      if (!file.ends_with(".cpp")) continue;
      const fs::path source = job.stage.root() / job.lab.id / file;
      auto found = check_resolved_names(job.lab, source, args, label_of);
      if (found.empty()) found = check_expanded_names(job.lab, job.opt.build->compiler.string(), flags, source, label_of);
      if (found.empty()) continue;
      fail_all(job, Verdict::forbidden, "forbidden API: " + found.front().message, found.front().file,
               found.front().line, joined(found));
      return false;
    }
  }
  return true;
}

// Marks the tests of configurations that failed to build, and keeps the compiler's message for feedback.
void record_build_failures(LabJob& job, const BuildOutcome& built) {
  const std::string reason = "does not compile: " +
                             (built.first_error.message.empty() ? std::string("see the build log") : built.first_error.message);
  for (std::size_t i = 0; i < job.selection.size(); ++i) {
    const auto& [test, configs] = job.selection[i];
    for (std::size_t c = 0; c < configs.size(); ++c) {
      const auto config = built.configs.find(configs[c]);
      if (config == built.configs.end() || config->second.ok) continue;
      ConfigOutcome& o = job.result.tests[i].configs[c];
      o.verdict = Verdict::not_compiled;
      o.reason = reason;
      o.file = built.first_error.file;
      o.line = built.first_error.line;
    }
  }
  const bool any_failed = std::any_of(built.configs.begin(), built.configs.end(), [](const auto& c) { return !c.second.ok; });
  if (any_failed) job.result.build_log = first_failure_output(built.log);
}

// The test as it may run within the submission's time budget (its time limit cut to what remains), or
// nullopt with `slot` saying it was not run when the budget is used up.
std::optional<TestSpec> within_budget(const LabJob& job, const TestSpec& spec, ConfigOutcome& slot) {
  if (!job.deadline) return spec;
  using namespace std::chrono;
  const auto remaining = duration_cast<seconds>(*job.deadline - steady_clock::now());
  if (remaining < seconds(1)) {
    slot.verdict = Verdict::timeout;
    slot.reason = fmt::format("not run: the submission used up its time budget ({} s for everything it runs)",
                              duration_cast<seconds>(*job.opt.submission_budget).count());
    return std::nullopt;
  }
  TestSpec budgeted = spec;
  budgeted.time_limit = std::min(spec.time_limit, remaining);
  return budgeted;
}

// A configuration left out because another one already settled its test (PipelineOptions::settles_test).
void mark_skipped(ConfigOutcome& slot) {
  slot.skipped = true;
  slot.verdict = Verdict::pass;
  slot.reason = "not run: another configuration already decided this test";
}

// One outcome per (selected test, configuration), each with its seed and replay command, before any build.
void add_config_slots(LabJob& job) {
  job.settled.assign(job.selection.size(), 0);
  for (std::size_t i = 0; i < job.selection.size(); ++i) {
    for (const auto& config : job.selection[i].second) {
      job.result.tests[i].configs.push_back(fresh_outcome(job, *job.selection[i].first, config));
    }
  }
}

// Runs every (test, configuration) whose binary `built` holds and built; test_jobs of them at once.
void run_tests(LabJob& job, const BuildOutcome& built) {
  std::vector<std::pair<std::size_t, std::size_t>> units;
  for (std::size_t i = 0; i < job.selection.size(); ++i) {
    const auto& configs = job.result.tests[i].configs;
    for (std::size_t c = 0; c < configs.size(); ++c) {
      const auto config = built.configs.find(configs[c].config);
      if (config != built.configs.end() && config->second.ok) units.emplace_back(i, c);
    }
  }
  record_build_failures(job, built);
  std::mutex progress_mutex;
  std::size_t done = 0;
  // Every unit is reported, run or not (a test the time budget left out counts as done too).
  const auto report = [&](const TestSpec& spec, const ConfigOutcome& slot) {
    if (!job.opt.progress.on_run) return;
    std::lock_guard lock(progress_mutex);
    job.opt.progress.on_run(spec, slot, ++done, units.size());
  };
  // Tests a finished configuration settled (settles_test): their later configurations are not started.
  std::mutex settled_mutex;
  const auto is_settled = [&](std::size_t i) {
    std::lock_guard lock(settled_mutex);
    return job.settled[i] != 0;
  };
  parallel_for(units.size(), job.opt.test_jobs, [&](std::size_t u) {
    const auto [i, c] = units[u];
    ConfigOutcome& slot = job.result.tests[i].configs[c];
    if (job.opt.settles_test && is_settled(i)) {
      mark_skipped(slot);
      return report(*job.selection[i].first, slot);
    }
    const std::optional<TestSpec> budgeted = within_budget(job, *job.selection[i].first, slot);
    if (!budgeted) return report(*job.selection[i].first, slot);
    const TestSpec& spec = *budgeted;
    const fs::path run_dir = job.key_dir / job.lab.id / "runs" / slot.config / spec.id;
    TestRunRequest req{built.configs.at(slot.config).binary, &spec, slot.config, slot.seed,
                       job.opt.repeat.value_or(spec.repetitions), run_dir, &job.stage};
    req.sandbox = use_sandbox(job.opt);
    req.sanitized = sanitized(job.opt.build->config(slot.config));
    req.schedule = job.opt.schedule;
    if (slot.config == kControlledConfig) req.source_files = staged_sources(job);
    std::string replay = slot.replay;
    try {
      slot = run_test(req);
    } catch (const std::exception& e) {
      slot.verdict = Verdict::error;
      slot.reason = std::string("grader error: ") + e.what();
    }
    // A controlled failure replays exactly from its schedule; the seed would only search again.
    if (auto schedule = slot.failing_schedule()) replay = replay_for(job, spec, slot.config, slot.seed, schedule);
    slot.replay = std::move(replay);
    slot.deterministic = spec.deterministic_in(slot.config);
    if (job.opt.settles_test && job.opt.settles_test(slot)) {
      std::lock_guard lock(settled_mutex);
      job.settled[i] = 1;
    }
    report(spec, slot);
  });
}

// Stress failures whose property a controlled test of this run found a failing schedule for replay it.
void offer_covering_replays(LabJob& job) {
  std::vector<const TestSpec*> specs;
  for (const auto& [spec, configs] : job.selection) specs.push_back(spec);
  use_covering_replays(specs, job.result.tests, [&](const TestSpec& test, const ConfigOutcome& o) {
    return replay_for(job, test, o.config, o.seed, o.failing_schedule());
  });
}

// A failed run of a lab built on the student's own files of another lab may be that lab's fault: say so
// in the reason, which every report shows (not for "not implemented yet", which names the function).
void note_own_dependencies(LabJob& job) {
  const std::vector<std::string> labs = own_dependencies(job);
  if (labs.empty()) return;
  std::string dirs;
  for (const auto& lab : labs) dirs += (dirs.empty() ? "" : ", ") + lab + "/";
  const std::string note = fmt::format(" (built with your own {}: if `check {}` fails too, fix that first)", dirs,
                                       labs.front());
  for (auto& test : job.result.tests) {
    for (auto& o : test.configs) {
      if (ran_and_failed(o) && o.reason.find("not implemented yet") == std::string::npos) o.reason += note;
    }
  }
}

// Wall-clock seconds since `start` (build and run times for grade's results.json and the bench).
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Builds req.configs, checks what they compiled and runs their tests; false when a grader error or a
// static check ended the lab (every test then has its verdict).
bool build_and_run(LabJob& job, const BuildRequest& req) {
  if (job.opt.progress.on_build) job.opt.progress.on_build(job.lab, req.configs);
  const auto build_start = std::chrono::steady_clock::now();
  const BuildOutcome built = build_lab(req);
  job.result.build_s += seconds_since(build_start);
  if (!built.internal_error.empty()) {
    fail_all(job, Verdict::error, "grader error: " + built.internal_error, {}, 0, built.log);
    return false;
  }
  if (!passes_symbol_check(job, built) || !passes_ast_check(job, req, built)) return false;
  const auto run_start = std::chrono::steady_clock::now();
  run_tests(job, built);
  job.result.run_s += seconds_since(run_start);
  return true;
}

// The configurations of settled tests that were never built (configs_to_build) are skipped, like those
// settled before they started.
void skip_unbuilt_configs(LabJob& job, const std::set<std::string>& built) {
  for (auto& test : job.result.tests) {
    for (ConfigOutcome& slot : test.configs) {
      if (!built.count(slot.config)) mark_skipped(slot);
    }
  }
}

void grade_lab_steps(LabJob& job) {
  const fs::path lab_dir = job.submission / job.lab.id;
  // The submission directory itself is the caller's (an instructor's class layout may link it); from the
  // lab directory down everything is the student's data.
  if (const std::string problem = directory_problem(job.submission, job.lab.id); !problem.empty()) {
    fail_all(job, Verdict::forbidden, "not accepted: " + problem, job.lab.id);
    return;
  }
  if (!fs::is_directory(lab_dir)) {
    job.result.submitted = false;
    fail_all(job, Verdict::not_submitted, "not submitted");
    return;
  }
  BuildRequest req{job.opt.build, &job.lab, job.stage.root(), {}, {}, job.key_dir / job.lab.id, {},
                   job.opt.build_jobs};
  req.sandbox = use_sandbox(job.opt);
  req.object_cache = job.opt.object_cache;
  const StageProblems staged = stage_all(job, req);
  if (!accepts_staged_files(job, staged)) return;
  if (!passes_source_checks(job, job.stage.root() / job.lab.id)) return;
  if (!staged.missing.empty()) {
    const std::string& first = staged.missing.front();
    fail_all(job, Verdict::not_submitted,
             fmt::format("incomplete: this lab builds on your {} lab, and {} is missing", first.substr(0, first.find('/')),
                         first));
    return;
  }
  add_config_slots(job);
  std::set<std::string> built_configs;
  while (true) {
    req.configs = configs_to_build(job, built_configs);
    if (req.configs.empty()) break;
    built_configs.insert(req.configs.begin(), req.configs.end());
    if (!build_and_run(job, req)) return;
  }
  skip_unbuilt_configs(job, built_configs);
  offer_covering_replays(job);
  note_own_dependencies(job);
}

LabResult grade_lab(const fs::path& submission, const LabSpec& lab, const PipelineOptions& opt,
                    std::optional<std::chrono::steady_clock::time_point> deadline) {
  const fs::path key_dir = opt.work_dir / submission_key(submission);
  LabJob job{lab, opt, submission, key_dir, StageMap(key_dir / "stage"), select_tests(lab, opt), {}, deadline};
  job.result = empty_result(lab, job.selection);
  try {
    // Another run (a second grade of the same class, a check beside a grade) waits here rather than
    // deleting this run's stage, builds and run directories under it.
    const RunLock lock(work_lock_file(key_dir), key_dir.string(), std::cerr);
    grade_lab_steps(job);
  } catch (const std::exception& e) {
    fail_all(job, Verdict::error, std::string("grader error: ") + e.what());
  }
  score_lab(job.result);
  return std::move(job.result);
}

}  // namespace

LabSpec::Dependency::From dependency_source(const LabSpec::Dependency& dep, Purpose purpose) {
  return purpose == Purpose::check ? dep.check_from : dep.from;
}

Selection select_tests(const LabSpec& lab, const PipelineOptions& options) {
  Selection selection;
  for (const auto& test : lab.tests) {
    if (!options.only.empty() && !options.only.count(test.id)) continue;
    std::vector<std::string> configs;
    for (const auto& config : test.configs) {
      if (!options.config || *options.config == config) configs.push_back(config);
    }
    if (!configs.empty()) selection.emplace_back(&test, std::move(configs));
  }
  return selection;
}

SubmissionResult grade_submission(const fs::path& dir, const std::vector<const LabSpec*>& labs,
                                  const PipelineOptions& options) {
  SubmissionResult result;
  const fs::path abs = absolute_dir(dir);
  result.path = abs.string();
  result.name = abs.filename().string();
  result.display = options.display;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (options.submission_budget) deadline = std::chrono::steady_clock::now() + *options.submission_budget;
  for (const LabSpec* lab : labs) result.labs.push_back(grade_lab(abs, *lab, options, deadline));
  score_submission(result);
  return result;
}

}  // namespace grader
