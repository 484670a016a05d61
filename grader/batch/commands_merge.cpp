// The merge command: shard outputs checked against each other, student files gathered, class outputs written.
#include "commands_merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "batch.hpp"
#include "commands_grade.hpp"
#include "merge_plan.hpp"
#include "report_json.hpp"
#include "staging.hpp"
#include "text_files.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// The command that grades one shard again, finishing only what it lacks.
std::string rerun_command(const AppContext& context, const MergePlan& plan, const ShardManifest& any,
                          const ShardSpec& shard, const std::vector<ShardOutput>& given) {
  std::string out = "<its output directory>";
  for (const auto& s : given) {
    if (s.manifest.shard.index == shard.index) out = s.dir.string();
  }
  std::string command = fmt::format("{} grade {} --shard {} --resume --out {} --labs {}", context.invoker,
                                    plan.class_dir, shard.text(), out, fmt::join(plan.labs, ","));
  if (!any.only.empty()) command += " --only " + any.only;
  if (any.runs != 1) command += fmt::format(" --runs {}", any.runs);
  return command;
}

void report_missing(const AppContext& context, const MergePlan& plan, const std::vector<ShardOutput>& shards) {
  std::cerr << fmt::format("Not graded: {} submission(s) of the class have no result in the shards given:\n",
                           plan.missing.size());
  for (const auto& line : plan.missing) std::cerr << "  " << line << "\n";
  std::cerr << "Grade them (--resume grades only what a shard lacks), then merge again:\n";
  for (const auto& shard : plan.shards_to_rerun) {
    std::cerr << "  " << rerun_command(context, plan, shards[0].manifest, shard, shards) << "\n";
  }
  std::cerr << "No gradebook was written: it would lack these students.\n";
}

// Copies a student's files from its shard, unless merging into that same shard directory.
void gather_student(const fs::path& shard_dir, const std::string& name, const fs::path& out) {
  const fs::path from = shard_dir / name;
  const fs::path to = out / name;
  if (fs::exists(to) && fs::equivalent(from, to)) return;
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

}  // namespace

int run_merge(const AppContext& context, const MergeOptions& options) {
  std::vector<ShardOutput> shards;
  for (const auto& dir : options.shards) shards.push_back({dir, read_manifest(dir)});
  const MergePlan plan = plan_merge(shards, course_file_hash(context.course_file));
  if (!plan.missing.empty()) {
    report_missing(context, plan, shards);
    return kExitGraderError;
  }
  const fs::path out =
      options.out.empty() ? context.course.root / "grades" / batch_dir_name(plan.class_dir) : options.out;
  fs::create_directories(out);
  std::cerr << fmt::format("Merging {} shard(s), {} submission(s), into {}\n", shards.size(), plan.graded.size(),
                           out.string());
  std::vector<SubmissionResult> results;
  for (const auto& [name, shard_dir] : plan.graded) {
    results.push_back(submission_from_json(nlohmann::json::parse(read_file_text(shard_dir / name / "results.json"))));
    gather_student(shard_dir, name, out);
  }
  return finish_batch(context, out, results, selected_labs(context.course, fmt::format("{}", fmt::join(plan.labs, ","))));
}

}  // namespace grader
