// Submitting a class to Slurm: the scripts written into --out, sbatch run twice, the job ids printed.
#include "commands_slurm.hpp"

#include <fmt/format.h>

#include <boost/process/search_path.hpp>
#include <iostream>
#include <optional>
#include <sstream>

#include "batch.hpp"
#include "paths.hpp"
#include "runner.hpp"
#include "sandbox.hpp"
#include "slurm_script.hpp"
#include "staging.hpp"
#include "text_files.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

SlurmBatch describe_batch(const AppContext& context, const GradeOptions& options, const fs::path& dir,
                          const fs::path& out, std::size_t submissions) {
  const SlurmOptions& s = options.slurm;
  SlurmBatch b;
  b.grader = fs::read_symlink("/proc/self/exe");
  b.global_args = {"--course", context.course_file.string(), "--build-info", context.build_info_file.string(),
                   "--work-dir", context.work_dir.string(), "--no-color"};
  if (const auto sandbox = sandbox_choice()) b.global_args.push_back(*sandbox ? "--sandbox" : "--no-sandbox");
  b.grade_args = {absolute_dir(dir).string()};
  if (!options.labs.empty()) b.grade_args.insert(b.grade_args.end(), {"--labs", options.labs});
  if (!options.only.empty()) b.grade_args.insert(b.grade_args.end(), {"--only", options.only});
  if (options.runs != 1) b.grade_args.insert(b.grade_args.end(), {"--runs", std::to_string(options.runs)});
  if (options.time_budget != GradeOptions{}.time_budget) {
    b.grade_args.insert(b.grade_args.end(), {"--time-budget", options.time_budget});
  }
  b.out = out;
  const int by_size = static_cast<int>((submissions + kSubmissionsPerTask - 1) / kSubmissionsPerTask);
  b.tasks = s.array_size > 0 ? s.array_size : by_size;
  b.cpus_per_task = s.cpus_per_task;
  b.partition = s.partition;
  b.time = s.time;
  b.invoker = context.invoker;
  return b;
}

// Runs `sbatch --parsable ARGS...` and returns the job id, or nullopt after printing why it failed.
std::optional<std::string> submit(const std::string& sbatch, const std::vector<std::string>& args) {
  RunRequest run;
  run.program = sbatch.find('/') == std::string::npos ? fs::path(boost::process::search_path(sbatch).string()) : fs::path(sbatch);
  if (run.program.empty()) {
    std::cerr << fmt::format("error: {} not found: is this a Slurm login node? (docs/slurm.md)\n", sbatch);
    return std::nullopt;
  }
  run.args = {"--parsable"};
  run.args.insert(run.args.end(), args.begin(), args.end());
  run.cwd = fs::current_path();
  run.env = inherited_environment();
  run.timeout = std::chrono::minutes(2);
  const RunOutcome done = run_process(run);
  // --parsable prints "<id>" or "<id>;<cluster>" as the last line; warnings may come before it.
  std::istringstream lines(done.output);
  std::string id;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) id = line.substr(0, line.find(';'));
  }
  if (!done.exited_ok() || id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
    std::cerr << fmt::format("error: {} {} failed{}:\n{}", sbatch, fmt::join(run.args, " "),
                             done.started ? fmt::format(" (exit status {})", done.exit_code) : "",
                             done.started ? done.output : done.start_error);
    return std::nullopt;
  }
  return id;
}

void print_submitted(const SlurmBatch& b, const std::string& array_id, const std::string& merge_id,
                     std::size_t submissions) {
  const fs::path array_script_file = b.out / kArrayScript;
  std::cout << fmt::format(
      "Submitted {} submission(s) as Slurm job array {} ({} task(s), task I grades shard I/{}) and merge job {}.\n"
      "  watch:      squeue -j {},{}   (logs: {}/shard-<I>.log and merge.log)\n"
      "  gradebook:  {} once job {} has ended (shard outputs: {}/<I>)\n"
      "  re-run task K (it keeps what it finished), then merge again:\n"
      "              sbatch --array=K {}\n"
      "              sbatch --dependency=afterany:<job id it printed> {}\n",
      submissions, array_id, b.tasks, b.tasks, merge_id, array_id, merge_id, (b.out / "logs").string(),
      (b.out / "gradebook.csv").string(), merge_id, (b.out / "shards").string(), array_script_file.string(),
      (b.out / kMergeScript).string());
}

}  // namespace

int run_grade_slurm(const AppContext& context, const GradeOptions& options, const fs::path& dir) {
  const SlurmOptions& s = options.slurm;
  if (!options.shard.empty()) throw UsageError("--shard and --slurm exclude each other: --slurm runs every shard");
  if (s.array_size < 0 || s.cpus_per_task < 1) throw UsageError("--array-size and --cpus-per-task must be at least 1");
  const fs::path out = absolute_dir(options.out.empty() ? context.course.root / "grades" / batch_dir_name(dir) : options.out);
  if (fs::exists(out) && !fs::is_empty(out) && !options.resume) {
    throw UsageError(fmt::format("{} already holds results; add --resume to submit that batch again (each task "
                                 "grades only what its shard lacks), or choose another --out", out.string()));
  }
  const std::size_t submissions = submissions_in(dir).size();
  if (submissions == 0) throw UsageError(fmt::format("{} holds no submissions", dir.string()));
  const SlurmBatch batch = describe_batch(context, options, dir, out, submissions);
  fs::create_directories(out / "logs");
  fs::create_directories(out / "shards");
  write_if_changed(out / kArrayScript, array_script(batch));
  write_if_changed(out / kMergeScript, merge_script(batch));
  const auto array_id = submit(s.sbatch, {(out / kArrayScript).string()});
  if (!array_id) return kExitUsage;
  const auto merge_id = submit(s.sbatch, {"--dependency=afterany:" + *array_id, (out / kMergeScript).string()});
  if (!merge_id) return kExitUsage;
  write_if_changed(out / "slurm-jobs.txt", fmt::format("array {}\nmerge {}\n", *array_id, *merge_id));
  print_submitted(batch, *array_id, *merge_id, submissions);
  return kExitPassed;
}

}  // namespace grader
