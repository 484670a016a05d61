// shard.json: what one shard of a class was graded with and which submissions it owns (for `merge`).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shard.hpp"

namespace grader {

// File name of the manifest in a shard's --out directory.
inline constexpr const char* kShardManifestFile = "shard.json";

// Written by `grade --shard` into its --out before grading anything, so that even a shard killed midway
// says what it owns. Everything except `shard.index` and `owned` must be equal across the shards that
// `merge` combines.
struct ShardManifest {
  ShardSpec shard;
  std::string course_hash;     // of the course.yaml bytes
  std::string grader_version;  // LABS_VERSION
  std::string grader_build;    // grader_build_id(): executable, compiler, harness and test libraries
  std::string class_dir;       // absolute path of the class directory
  std::vector<std::string> labs;  // graded lab ids, in course order
  std::string only;            // grade --only, as given
  int runs = 1;
  std::vector<std::string> submissions;  // every submission of the class, sorted by name
  std::vector<std::string> owned;        // the ones this shard grades, sorted by name
};

nlohmann::json to_json(const ShardManifest& manifest);

// The inverse of to_json. Throws nlohmann::json::exception when a field is missing or of the wrong type.
ShardManifest manifest_from_json(const nlohmann::json& j);

// Reads <dir>/shard.json. Throws UsageError naming the file when it is missing or malformed (not a
// shard's output, or from another grader version).
ShardManifest read_manifest(const std::filesystem::path& dir);

// 16 hex digits over the bytes of `course_file` ("absent" when unreadable).
std::string course_file_hash(const std::filesystem::path& course_file);

}  // namespace grader
