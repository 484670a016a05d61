// One test process: fresh run directory, harness command line, sanitizer options, classification.
#include "test_run.hpp"

#include <fmt/format.h>

#include <csignal>
#include <fstream>
#include <random>

#include "controlled_spec.hpp"
#include "parallel.hpp"
#include "runner.hpp"
#include "sanitizer_log.hpp"
#include "staging.hpp"
#include "submission_files.hpp"
#include "verdict.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// How long a test process may take to exit once its results file is final: its destructors and the
// sanitizer's exit checks take milliseconds; a hang here would otherwise cost the whole time limit.
constexpr std::chrono::milliseconds kExitGrace{2000};

std::vector<std::string> harness_args(const TestRunRequest& req, const fs::path& results_file) {
  std::vector<std::string> args = {
      "--gtest_filter=" + req.test->gtest,
      "--lab-results=" + results_file.string(),
      fmt::format("--lab-seed={}", req.seed),
      fmt::format("--lab-repeat={}", req.repeat),
      fmt::format("--lab-watchdog-ms={}", req.test->watchdog.count()),
  };
  // The objects call the stage directory kObjectStageRoot: the harness quotes the student's lines from here.
  if (req.stage != nullptr) args.push_back("--lab-source-root=" + req.stage->root().string());
  // The search budget belongs to the controlled build only: other builds reject --lab-strategy & co.
  if (req.config == kControlledConfig) {
    if (req.test->controlled) {
      for (std::string& flag : controlled_flags(*req.test->controlled)) args.push_back(std::move(flag));
    }
    if (req.schedule) args.push_back("--lab-schedule=" + *req.schedule);
  }
  return args;
}

// Reads what the dead process left behind: results file and the first sanitizer log.
RunEvidence collect_evidence(const RunOutcome& ran, const TestRunRequest& req, const fs::path& results_file,
                             const std::string& secret) {
  RunEvidence evidence;
  evidence.timed_out = ran.timed_out;
  evidence.hung_after_finish = ran.hung_after_finish;
  evidence.exit_grace = ran.grace_used.count() > 0 ? ran.grace_used : kExitGrace;
  evidence.exit_code = ran.exit_code;
  evidence.signal = ran.signal;
  evidence.time_limit = req.test->time_limit;
  evidence.results = read_harness_results(results_file);  // run_test removed links first
  evidence.expected_seal = ExpectedSeal{secret, req.test->gtest, req.repeat};
  auto logs = find_sanitizer_logs(req.run_dir);
  for (const char* prefix : {"asan", "ubsan"}) {
    for (auto& log : find_sanitizer_logs(req.run_dir, prefix)) logs.push_back(std::move(log));
  }
  evidence.sanitizer_log_present = !logs.empty();
  if (!logs.empty()) evidence.sanitizer = parse_sanitizer_log(read_regular_file_nofollow(logs.front()));
  return evidence;
}

// A test's attached file name is trusted only as a plain name that clashes with nothing the grader writes.
bool safe_artifact_name(const std::string& name) {
  return !name.empty() && name.size() <= 100 && name.find('/') == std::string::npos && name[0] != '.' &&
         name != "output.txt" && name != "results.json" && name.rfind("tsan", 0) != 0 && name.rfind("asan", 0) != 0 &&
         name.rfind("ubsan", 0) != 0;
}

// The artifacts of a failed run, written next to its output.txt (so that `check` can point at them).
std::vector<Artifact> keep_artifacts(const RunEvidence& evidence, const fs::path& run_dir) {
  std::vector<Artifact> kept;
  if (!evidence.results) return kept;
  for (const HarnessArtifact& a : evidence.results->artifacts) {
    if (!safe_artifact_name(a.name)) continue;
    const fs::path path = run_dir / a.name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << a.content;
    kept.push_back({a.name, a.media_type, a.content});
  }
  return kept;
}

void remove_links(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> links;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_symlink(ec) && (it->is_regular_file(ec) || it->is_directory(ec))) continue;
    links.push_back(it->path());  // symlinks, fifos, sockets, devices: nothing a harness writes
    it.disable_recursion_pending();
  }
  for (const auto& path : links) fs::remove(path, ec);
}

// A resource the run exhausted is the student's problem, said plainly (instead of "crashed with SIGXCPU").
void explain_limits(const RunOutcome& ran, const Isolation& isolation, ConfigOutcome& outcome) {
  if (!ran.limit_reason.empty()) {
    outcome.verdict = Verdict::crash;
    outcome.reason = "the test " + ran.limit_reason;
  } else if (ran.signal == SIGXCPU) {
    outcome.verdict = Verdict::crash;
    outcome.reason = fmt::format("the test used more than {} s of CPU time and was killed (SIGXCPU)",
                                 isolation.limits.cpu.count());
  } else if (ran.signal == SIGXFSZ) {
    outcome.verdict = Verdict::crash;
    outcome.reason = fmt::format("the test wrote a file larger than {} MB and was killed (SIGXFSZ)",
                                 isolation.limits.file_size >> 20);
  }
}

// 128 random bits as hex: the completion secret of one run (docs/sandbox.md, "The verdict channel").
std::string run_secret() {
  std::random_device device;  // the kernel's generator: not predictable from anything the test sees
  std::string hex;
  for (int i = 0; i < 4; ++i) hex += fmt::format("{:08x}", device());
  return hex;
}

}  // namespace

Isolation test_isolation(const TestRunRequest& req) {
  Isolation isolation;
  isolation.sandbox = true;
  isolation.mounts.read_only = {req.binary};
  for (const fs::path& file : req.source_files) isolation.mounts.read_only.push_back(file);
  isolation.mounts.writable = {req.run_dir};
  ResourceLimits& limits = isolation.limits;
  // CPU: every core busy for the whole time limit still fits; the wall clock is the real bound.
  limits.cpu = std::chrono::seconds(req.test->time_limit.count() * hardware_jobs() + 10);
  if (!req.sanitized) limits.address_space = std::size_t{4} << 30;
  limits.memory = req.sanitized ? std::size_t{3} << 30 : std::size_t{1} << 30;
  limits.tasks = req.test->tasks;
  limits.watched_dirs = {req.run_dir};
  limits.output = std::size_t{64} << 20;  // a test prints kilobytes; more is a runaway loop
  return isolation;
}

std::map<std::string, std::string> test_environment(const fs::path& run_dir) {
  auto env = base_environment();
  env["TSAN_OPTIONS"] = fmt::format("halt_on_error=1:second_deadlock_stack=1:exitcode=66:log_path={}/tsan",
                                    run_dir.string());
  // ASan/UBSan (the asan configuration): the same exit status and logs in the run directory. Leak
  // checking is off: a lab's own checks count its resources, and the harness keeps some memory to the end.
  env["ASAN_OPTIONS"] = fmt::format("halt_on_error=1:detect_leaks=0:exitcode=66:log_path={}/asan", run_dir.string());
  env["UBSAN_OPTIONS"] = fmt::format("halt_on_error=1:print_stacktrace=1:exitcode=66:log_path={}/ubsan",
                                     run_dir.string());
  return env;
}

ConfigOutcome run_test(const TestRunRequest& req) {
  fs::remove_all(req.run_dir);
  fs::create_directories(req.run_dir);
  const fs::path results_file = req.run_dir / "results.json";
  RunRequest run;
  run.program = req.binary;
  run.args = harness_args(req, results_file);
  run.cwd = req.run_dir;
  run.env = test_environment(req.run_dir);
  run.timeout = req.test->time_limit;
  run.finished_file = results_file;
  run.exit_grace = kExitGrace;
  if (req.sandbox) run.isolation = test_isolation(req);
  run.secret = run_secret();
  const RunOutcome ran = run_process(run);
  // The dead test may have left links to files outside its run directory where the grader reads and
  // writes (results.json -> a solution, output.txt -> a grades file): remove them before anything is read
  // (also without the sandbox: `grade --no-sandbox` may run as root).
  remove_links(req.run_dir);
  std::ofstream(req.run_dir / "output.txt", std::ios::binary | std::ios::trunc) << ran.output;

  ConfigOutcome outcome;
  outcome.config = req.config;
  outcome.seed = req.seed;
  outcome.duration_s = ran.seconds;
  if (!ran.started) {
    outcome.verdict = Verdict::error;
    outcome.reason = "grader error: " + ran.start_error;
    return outcome;
  }
  const RunEvidence evidence = collect_evidence(ran, req, results_file, run.secret);
  const Classification c = classify_run(evidence, *req.stage);
  outcome.verdict = c.verdict;
  outcome.reason = req.stage->rewrite(c.reason);
  outcome.detail = req.stage->rewrite(c.detail);
  outcome.file = c.file;
  outcome.line = c.line;
  outcome.failed_seed = c.failed_seed;
  if (evidence.results) outcome.controlled = evidence.results->controlled;
  if (run.isolation) explain_limits(ran, *run.isolation, outcome);
  if (c.verdict != Verdict::pass) outcome.output = req.stage->rewrite(ran.output);
  if (c.verdict != Verdict::pass) outcome.artifacts = keep_artifacts(evidence, req.run_dir);
  return outcome;
}

}  // namespace grader
