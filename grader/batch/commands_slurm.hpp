// `grade DIR --slurm`: the class submitted to Slurm as a job array of shards plus a dependent merge job.
#pragma once

#include <filesystem>

#include "app_context.hpp"
#include "commands_grade.hpp"

namespace grader {

// Default array size: one task per this many submissions (docs/slurm.md explains the sizing).
inline constexpr int kSubmissionsPerTask = 10;

// Writes grade-shards.sbatch and merge.sbatch into --out (default as for grade), submits the array with
// `sbatch --parsable`, then the merge with --dependency=afterany:<array job>, and prints both job ids,
// how to watch them and where the gradebook will appear. The grader is not rebuilt by the tasks: they run
// this very labs-grader executable, so it must live on a file system every node mounts.
// Returns 0 once both are submitted; kExitUsage when sbatch fails (its message is printed).
// Throws UsageError for a non-empty --out without --resume, an empty class, --shard with --slurm, or an
// --array-size / --cpus-per-task below 1.
int run_grade_slurm(const AppContext& context, const GradeOptions& options, const std::filesystem::path& dir);

}  // namespace grader
