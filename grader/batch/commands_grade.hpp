// `grade [DIR]`: grade every submission (subdirectory) of a class, write results, feedback and gradebook.
#pragma once

#include <filesystem>
#include <string>

#include "app_context.hpp"

namespace grader {

// grade --slurm: the class as a Slurm job array of shards plus a dependent merge job (docs/slurm.md).
struct SlurmOptions {
  bool enabled = false;
  int array_size = 0;         // tasks (shards); 0: one per kSubmissionsPerTask submissions
  int cpus_per_task = 1;      // each task grades this many submissions at once (-j)
  std::string partition;      // empty: the cluster's default partition
  std::string time;           // per task, in a form sbatch --time takes ("30", "2:00:00"); empty: the default
  std::string sbatch = "sbatch";  // the command that submits (tests may point it elsewhere)
};

struct GradeOptions {
  std::filesystem::path dir;  // empty: <course root>/examples/class
  std::filesystem::path out;  // empty: <course root>/grades/<DIRNAME>-<YYYYmmdd-HHMMSS>
  std::string labs;           // "a,b"; empty: every lab of the course
  bool resume = false;        // continue a batch in --out: grade only what is missing, changed or errored
  int runs = 1;               // grade each submission N times (seeds base + k*1000) and count failed runs
  std::string only;           // "id,id": grade only these tests (a quick batch, e.g. the hostile corpus)
  std::string shard;          // "I/N": grade only the I-th of N slices of the class (docs/slurm.md); empty: all
  std::string time_budget = "30m";  // per submission and graded lab: tests that would start later are not run
  SlurmOptions slurm;
};

// Exit status when some submission hit a grader error (its gradebook cells say ERROR, never 0).
inline constexpr int kExitGraderError = 3;

// Returns 0 when every submission got full marks, 1 when some lost points, kExitGraderError when the
// grader failed for some submission. One broken submission never stops the batch. Each submission's
// results.json (with its content hash), feedback.md and feedback.html are written atomically as soon
// as it is graded; gradebook.csv and report.html at the end.
// With --shard I/N only the submissions shard_of() assigns to slice I are graded, and --out also gets
// shard.json (ShardManifest); with --slurm the batch is submitted to Slurm instead (run_grade_slurm).
// Throws UsageError for a missing DIR, unknown labs, --runs < 1, a malformed --shard, a non-empty --out
// without --resume, or an --out directory holding another batch (another class, --labs or shard).
int run_grade(const AppContext& context, const GradeOptions& options);

// The class `grade` takes without a DIR: the course's examples/class (the bundled sample class).
std::filesystem::path default_class_dir(const Course& course);

// Default output directory name: "<dirname>-<YYYYmmdd-HHMMSS>" in local time.
std::string batch_dir_name(const std::filesystem::path& class_dir);

}  // namespace grader
