// `merge SHARD_OUT...`: one gradebook and class report from the outputs of `grade --shard I/N`.
#pragma once

#include <filesystem>
#include <vector>

#include "app_context.hpp"

namespace grader {

struct MergeOptions {
  std::vector<std::filesystem::path> shards;  // each shard's --out directory
  std::filesystem::path out;                  // empty: <course root>/grades/<class>-<YYYYmmdd-HHMMSS>
};

// Merges the shards (plan_merge decides what is allowed) into `out`: every graded student's directory
// copied from its shard, then gradebook.csv and report.html exactly as a single `grade` of the class
// writes them. Returns what grade would (0, 1, kExitGraderError); kExitGraderError also when some
// submission of the class has no result in the shards, which are then listed with the command that
// grades them, and no gradebook is written. Throws UsageError when the shards cannot be merged.
int run_merge(const AppContext& context, const MergeOptions& options);

}  // namespace grader
