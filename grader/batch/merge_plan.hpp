// Planning a merge of shard outputs: refuse shards graded differently, find duplicates and the ungraded.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "shard_manifest.hpp"

namespace grader {

// One shard's --out directory and its manifest.
struct ShardOutput {
  std::filesystem::path dir;
  ShardManifest manifest;
};

struct MergePlan {
  std::vector<std::string> labs;  // lab ids, as the shards graded them
  std::string class_dir;
  // Every graded submission (name, the shard directory holding <name>/results.json), sorted by name.
  std::vector<std::pair<std::string, std::filesystem::path>> graded;
  // Submissions of the class no given shard has a result for, sorted: "bob (shard 2/3: not given)".
  std::vector<std::string> missing;
  // The shards ("2/3") that would grade the missing submissions, sorted by index, each once.
  std::vector<ShardSpec> shards_to_rerun;
};

// Checks that `shards` can be merged and says what each contributes. The class is the union of the
// manifests' submission lists; a submission is graded when the shard that owns it was given and holds
// its results.json. Throws UsageError (exit status 2) naming every difference when the shards disagree
// on the course file, grader version or build, class directory, labs, --only, --runs or shard count;
// when `course_hash` (the merging grader's course.yaml) differs from theirs; when a shard is given twice
// or two shards claim the same submission (listing the duplicates); or when `shards` is empty.
MergePlan plan_merge(const std::vector<ShardOutput>& shards, const std::string& course_hash);

}  // namespace grader
