// One test process: fresh run directory, harness command line, sanitizer options, classification.
#include "test_run.hpp"

#include <fmt/format.h>

#include "runner.hpp"
#include "sanitizer_log.hpp"
#include "staging.hpp"
#include "verdict.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> harness_args(const TestRunRequest& req, const fs::path& results_file) {
  return {
      "--gtest_filter=" + req.test->gtest,
      "--lab-results=" + results_file.string(),
      fmt::format("--lab-seed={}", req.seed),
      fmt::format("--lab-repeat={}", req.repeat),
      fmt::format("--lab-watchdog-ms={}", req.test->watchdog.count()),
  };
}

// Reads what the dead process left behind: results file and the first sanitizer log.
RunEvidence collect_evidence(const RunOutcome& ran, const TestRunRequest& req, const fs::path& results_file) {
  RunEvidence evidence;
  evidence.timed_out = ran.timed_out;
  evidence.exit_code = ran.exit_code;
  evidence.signal = ran.signal;
  evidence.time_limit = req.test->time_limit;
  evidence.results = read_harness_results(results_file);
  auto logs = find_sanitizer_logs(req.run_dir);
  for (const char* prefix : {"asan", "ubsan"}) {
    for (auto& log : find_sanitizer_logs(req.run_dir, prefix)) logs.push_back(std::move(log));
  }
  evidence.sanitizer_log_present = !logs.empty();
  if (!logs.empty()) evidence.sanitizer = parse_sanitizer_log(read_file_text(logs.front()));
  return evidence;
}

}  // namespace

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
  run.output_file = req.run_dir / "output.txt";
  const RunOutcome ran = run_process(run);

  ConfigOutcome outcome;
  outcome.config = req.config;
  outcome.seed = req.seed;
  outcome.duration_s = ran.seconds;
  if (!ran.started) {
    outcome.verdict = Verdict::error;
    outcome.reason = "grader error: " + ran.start_error;
    return outcome;
  }
  const Classification c = classify_run(collect_evidence(ran, req, results_file), *req.stage);
  outcome.verdict = c.verdict;
  outcome.reason = req.stage->rewrite(c.reason);
  outcome.detail = req.stage->rewrite(c.detail);
  outcome.file = c.file;
  outcome.line = c.line;
  outcome.failed_seed = c.failed_seed;
  if (c.verdict != Verdict::pass) outcome.output = req.stage->rewrite(ran.output);
  return outcome;
}

}  // namespace grader
