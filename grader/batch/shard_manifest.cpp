// shard.json as JSON, and the course-file hash that merge compares.
#include "shard_manifest.hpp"

#include <fmt/format.h>

#include "app_context.hpp"
#include "paths.hpp"
#include "staging.hpp"
#include "text_files.hpp"

namespace grader {

namespace fs = std::filesystem;

nlohmann::json to_json(const ShardManifest& m) {
  return nlohmann::json{{"schema", 1},
                        {"shard", m.shard.text()},
                        {"course_hash", m.course_hash},
                        {"grader_version", m.grader_version},
                        {"grader_build", m.grader_build},
                        {"class_dir", m.class_dir},
                        {"labs", m.labs},
                        {"only", m.only},
                        {"runs", m.runs},
                        {"submissions", m.submissions},
                        {"owned", m.owned}};
}

ShardManifest manifest_from_json(const nlohmann::json& j) {
  ShardManifest m;
  if (j.at("schema").get<int>() != 1) throw std::runtime_error("unsupported shard manifest schema");
  m.shard = parse_shard(j.at("shard").get<std::string>());
  m.course_hash = j.at("course_hash").get<std::string>();
  m.grader_version = j.at("grader_version").get<std::string>();
  m.grader_build = j.at("grader_build").get<std::string>();
  m.class_dir = j.at("class_dir").get<std::string>();
  m.labs = j.at("labs").get<std::vector<std::string>>();
  m.only = j.at("only").get<std::string>();
  m.runs = j.at("runs").get<int>();
  m.submissions = j.at("submissions").get<std::vector<std::string>>();
  m.owned = j.at("owned").get<std::vector<std::string>>();
  return m;
}

ShardManifest read_manifest(const fs::path& dir) {
  const fs::path file = dir / kShardManifestFile;
  if (!fs::is_regular_file(file)) {
    throw UsageError(fmt::format("{} is not the output of a shard (no {}; grade it with --shard I/N)",
                                 dir.string(), kShardManifestFile));
  }
  try {
    return manifest_from_json(nlohmann::json::parse(read_file_text(file)));
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("{}: not a shard manifest this grader reads: {}", file.string(), e.what()));
  }
}

std::string course_file_hash(const fs::path& course_file) {
  if (!fs::is_regular_file(course_file)) return "absent";
  return fmt::format("{:016x}", stable_hash(read_file_text(course_file)));
}

}  // namespace grader
