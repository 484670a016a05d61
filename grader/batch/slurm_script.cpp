// Text of the two sbatch scripts (a pure function of SlurmBatch, so tests read exactly what is submitted).
#include "slurm_script.hpp"

#include <fmt/format.h>

#include "ninja_file.hpp"  // shell_quote

namespace grader {

namespace {

std::string quoted_words(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& w : words) text += " " + shell_quote(w);
  return text;
}

// The #SBATCH lines both jobs share; `log` may use %a (array index).
std::string common_directives(const SlurmBatch& b, const std::string& name, const std::string& log) {
  std::string text = fmt::format("#SBATCH --job-name={}\n#SBATCH --output={}\n#SBATCH --open-mode=append\n", name,
                                 (b.out / "logs" / log).string());
  if (!b.partition.empty()) text += fmt::format("#SBATCH --partition={}\n", b.partition);
  if (!b.time.empty()) text += fmt::format("#SBATCH --time={}\n", b.time);
  return text;
}

// Runs the grader and turns "some students lost points" (1) into success; keeps every other status.
std::string run_and_map_status(const SlurmBatch& b, const std::string& command_tail) {
  return fmt::format("export LABS_COMMAND={}\n{}{}{}\nstatus=$?\n"
                     "# 1 only says that some students lost points: the job did its work.\n"
                     "if [[ $status == 1 ]]; then exit 0; fi\nexit $status\n",
                     shell_quote(b.invoker), shell_quote(b.grader.string()), quoted_words(b.global_args),
                     command_tail);
}

}  // namespace

std::string array_script(const SlurmBatch& b) {
  const std::string shards = shell_quote((b.out / "shards").string());
  return fmt::format("#!/bin/bash\n"
                     "# Written by `labs grade --slurm`: array task I grades shard I/{0} of the class (docs/slurm.md).\n"
                     "# Re-run task K by hand: sbatch --array=K {1}\n"
                     "{2}#SBATCH --array=1-{0}\n#SBATCH --cpus-per-task={3}\n#SBATCH --requeue\n"
                     "set -u\n{4}",
                     b.tasks, shell_quote((b.out / kArrayScript).string()),
                     common_directives(b, "labs-grade", "shard-%a.log"), b.cpus_per_task,
                     run_and_map_status(b, fmt::format(" -j {} grade{} --shard \"$SLURM_ARRAY_TASK_ID/{}\" --resume "
                                                       "--out {}/\"$SLURM_ARRAY_TASK_ID\"",
                                                       b.cpus_per_task, quoted_words(b.grade_args), b.tasks, shards)));
}

std::string merge_script(const SlurmBatch& b) {
  const std::string shards = shell_quote((b.out / "shards").string());
  return fmt::format("#!/bin/bash\n"
                     "# Written by `labs grade --slurm`: merges the shards into one gradebook (docs/slurm.md).\n"
                     "# Runs after the array (afterany); merge again by hand with: sbatch {0}\n"
                     "{1}set -u\n"
                     "# Only shards that started (they wrote shard.json); merge names the submissions still missing.\n"
                     "shards=()\nfor i in $(seq 1 {2}); do\n"
                     "  if [[ -f {3}/$i/shard.json ]]; then shards+=({3}/$i); fi\ndone\n{4}",
                     shell_quote((b.out / kMergeScript).string()), common_directives(b, "labs-merge", "merge.log"),
                     b.tasks, shards,
                     run_and_map_status(b, fmt::format(" merge \"${{shards[@]}}\" --out {}", shell_quote(b.out.string()))));
}

}  // namespace grader
