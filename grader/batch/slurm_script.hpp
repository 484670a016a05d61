// The sbatch scripts of `grade --slurm`: a job array of shards and the job that merges them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

// Everything the scripts need; paths absolute (tasks start on other nodes, in another directory).
struct SlurmBatch {
  std::filesystem::path grader;           // the labs-grader built before submission (never rebuilt by a task)
  std::vector<std::string> global_args;   // --course, --build-info, --work-dir, --no-color, sandbox flag
  std::vector<std::string> grade_args;    // class directory, --labs, --only, --runs
  std::filesystem::path out;              // shards in out/shards/<i>, logs in out/logs, merged into out
  int tasks = 1;
  int cpus_per_task = 1;
  std::string partition;                  // empty: the default partition
  std::string time;                       // empty: the partition's default limit
  std::string invoker;                    // LABS_COMMAND for the commands quoted in feedback
};

inline constexpr const char* kArrayScript = "grade-shards.sbatch";
inline constexpr const char* kMergeScript = "merge.sbatch";

// Task I of the array runs `grade ... --shard I/tasks --resume --out out/shards/I -j cpus_per_task`.
// --requeue lets Slurm restart a pre-empted task, which then keeps what it had finished (--resume).
// Exit status 1 (some student lost points) is success for Slurm; other failures keep their status.
std::string array_script(const SlurmBatch& batch);

// Merges every out/shards/<i> that holds a manifest into `out` (`merge`), mapping status 1 to 0 too.
std::string merge_script(const SlurmBatch& batch);

}  // namespace grader
