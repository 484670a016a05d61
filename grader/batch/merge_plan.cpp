// Merge planning: the consistency checks between shard manifests and who graded whom.
#include "merge_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app_context.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// One line per field in which `other` differs from `first` (the values that must agree across shards).
std::vector<std::string> differences(const ShardOutput& first, const ShardOutput& other) {
  const ShardManifest& a = first.manifest;
  const ShardManifest& b = other.manifest;
  const auto line = [&](const char* what, const std::string& x, const std::string& y) {
    return fmt::format("  {}: {} in {}, {} in {}", what, x, first.dir.string(), y, other.dir.string());
  };
  std::vector<std::string> lines;
  if (a.course_hash != b.course_hash) lines.push_back(line("course.yaml (hash)", a.course_hash, b.course_hash));
  if (a.grader_version != b.grader_version) lines.push_back(line("grader version", a.grader_version, b.grader_version));
  if (a.grader_build != b.grader_build) lines.push_back(line("grader build", a.grader_build, b.grader_build));
  if (a.class_dir != b.class_dir) lines.push_back(line("class directory", a.class_dir, b.class_dir));
  if (a.labs != b.labs) lines.push_back(line("--labs", fmt::format("{}", fmt::join(a.labs, ",")),
                                             fmt::format("{}", fmt::join(b.labs, ","))));
  if (a.only != b.only) lines.push_back(line("--only", "'" + a.only + "'", "'" + b.only + "'"));
  if (a.runs != b.runs) lines.push_back(line("--runs", std::to_string(a.runs), std::to_string(b.runs)));
  if (a.shard.count != b.shard.count) {
    lines.push_back(line("shard count", std::to_string(a.shard.count), std::to_string(b.shard.count)));
  }
  return lines;
}

void require_consistent(const std::vector<ShardOutput>& shards, const std::string& course_hash) {
  std::vector<std::string> lines;
  for (std::size_t i = 1; i < shards.size(); ++i) {
    for (auto& l : differences(shards[0], shards[i])) lines.push_back(std::move(l));
  }
  if (!lines.empty()) {
    throw UsageError(fmt::format("cannot merge shards graded differently (grade every shard with the same course.yaml, "
                                 "grader build and options):\n{}", fmt::join(lines, "\n")));
  }
  if (shards[0].manifest.course_hash != course_hash) {
    throw UsageError(fmt::format("the shards were graded with another course.yaml (hash {}) than this one (hash {}); "
                                 "merge with the course file they were graded with (--course)",
                                 shards[0].manifest.course_hash, course_hash));
  }
}

// Shard index -> its output; refuses a shard given twice and a submission claimed by two shards.
std::map<int, const ShardOutput*> by_index(const std::vector<ShardOutput>& shards) {
  std::map<int, const ShardOutput*> index;
  std::map<std::string, const ShardOutput*> owner;
  std::vector<std::string> duplicates;
  for (const auto& s : shards) {
    if (const auto [it, fresh] = index.emplace(s.manifest.shard.index, &s); !fresh) {
      throw UsageError(fmt::format("shard {} given twice: {} and {}", s.manifest.shard.text(), it->second->dir.string(),
                                   s.dir.string()));
    }
    for (const auto& name : s.manifest.owned) {
      if (const auto [it, fresh] = owner.emplace(name, &s); !fresh) {
        duplicates.push_back(fmt::format("  {}: in {} and {}", name, it->second->dir.string(), s.dir.string()));
      }
    }
  }
  if (!duplicates.empty()) {
    throw UsageError(fmt::format("submissions graded by two shards:\n{}", fmt::join(duplicates, "\n")));
  }
  return index;
}

}  // namespace

MergePlan plan_merge(const std::vector<ShardOutput>& shards, const std::string& course_hash) {
  if (shards.empty()) throw UsageError("merge needs the output directory of at least one shard");
  require_consistent(shards, course_hash);
  const auto index = by_index(shards);
  MergePlan plan;
  plan.labs = shards[0].manifest.labs;
  plan.class_dir = shards[0].manifest.class_dir;
  const int count = shards[0].manifest.shard.count;
  std::set<std::string> names;
  for (const auto& s : shards) names.insert(s.manifest.submissions.begin(), s.manifest.submissions.end());
  std::set<int> rerun;
  for (const auto& name : names) {
    const int owner = shard_of(name, count);
    const auto it = index.find(owner);
    const bool claimed = it != index.end() && std::count(it->second->manifest.owned.begin(),
                                                         it->second->manifest.owned.end(), name) > 0;
    if (claimed && fs::is_regular_file(it->second->dir / name / "results.json")) {
      plan.graded.emplace_back(name, it->second->dir);
      continue;
    }
    const std::string why = it == index.end() ? "not given"
                            : claimed         ? "no result yet: killed, failed or still running"
                                              : "its class listing did not have it yet";
    plan.missing.push_back(fmt::format("{} (shard {}/{}: {})", name, owner, count, why));
    rerun.insert(owner);
  }
  for (int i : rerun) plan.shards_to_rerun.push_back({i, count});
  return plan;
}

}  // namespace grader
