// The grade command: a class of submissions graded in parallel into results, feedback and a gradebook.
#include "commands_grade.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <thread>

#include "batch.hpp"
#include "budget.hpp"
#include "commands_slurm.hpp"
#include "content_hash.hpp"
#include "feedback_html.hpp"
#include "gradebook.hpp"
#include "object_cache.hpp"
#include "parallel.hpp"
#include "paths.hpp"
#include "progress_bar.hpp"
#include "report_json.hpp"
#include "report_markdown.hpp"
#include "run_counts.hpp"
#include "run_lock.hpp"
#include "sandbox.hpp"
#include "scoring.hpp"
#include "shard_manifest.hpp"
#include "staging.hpp"
#include "text_files.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

constexpr const char* kBatchMarker = ".labs-batch";

// True when `out` holds anything besides the lock file (which the lock itself creates).
bool holds_anything(const fs::path& out) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(out, ec)) {
    if (entry.path().filename() != kOutputLockFile) return true;
  }
  return false;
}

// Without --resume the output directory must be new or empty; with it, it may also hold this same batch.
// Called with the output's lock held, so a second grade into the same --out sees the first one's results.
void claim_output(const fs::path& out, const std::string& batch_id, bool resume) {
  const fs::path marker = out / kBatchMarker;
  if (fs::exists(out) && holds_anything(out)) {
    if (!resume) {
      throw UsageError(fmt::format("{} already holds results; add --resume to continue that batch, or choose "
                                   "another --out", out.string()));
    }
    if (read_file_text(marker) != batch_id) {
      throw UsageError(fmt::format("{} holds another batch (another class or --labs); choose another --out",
                                   out.string()));
    }
  }
  fs::create_directories(out);
  write_if_changed(marker, batch_id);
}

// A previous run's result for this student that can stand (resuming a batch): same content hash, and no
// grader error in it (those are graded again).
std::optional<SubmissionResult> reusable_result(const fs::path& file, const std::string& hash) {
  try {
    if (!fs::exists(file)) return std::nullopt;
    SubmissionResult r = submission_from_json(nlohmann::json::parse(read_file_text(file)));
    if (r.content_hash != hash || has_grader_error(r)) return std::nullopt;
    return r;
  } catch (const std::exception&) {
    return std::nullopt;  // half-written or from an older grader: grade again
  }
}

// Grades `dir` options.runs times (run k with seeds base + k*1000) and folds the runs together.
SubmissionResult grade_runs(const fs::path& dir, const std::vector<const LabSpec*>& labs, PipelineOptions options,
                            int runs) {
  SubmissionResult merged;
  for (int k = 0; k < runs; ++k) {
    options.run_index = k;
    SubmissionResult run = grade_submission(dir, labs, options);
    if (k == 0) {
      merged = std::move(run);
    } else {
      merge_run(merged, run);
    }
  }
  return merged;
}

SubmissionResult grade_one(const fs::path& dir, const std::vector<const LabSpec*>& labs, const PipelineOptions& base,
                           int runs) {
  PipelineOptions options = base;
  options.display = display_dir(dir, fs::current_path());
  try {
    return grade_runs(dir, labs, options, runs);
  } catch (const std::exception& e) {
    SubmissionResult r;
    r.name = dir.filename().string();
    r.path = absolute_dir(dir).string();
    r.error = e.what();
    for (const LabSpec* lab : labs) r.max += lab->max_points();
    return r;
  }
}

// Each file is written to a temporary and renamed; results.json goes last, so a batch killed at any
// moment leaves either a complete result or none (--resume grades it again).
void write_outputs(const fs::path& out, const SubmissionResult& r, const std::string& invoker) {
  const fs::path dir = out / r.name;
  fs::create_directories(dir);
  write_if_changed(dir / "feedback.md", feedback_markdown(r, invoker));
  write_if_changed(dir / "feedback.html", feedback_html(r, invoker));
  write_if_changed(dir / "results.json", results_json_text(r));
}

// Redraws the progress about once a second until destroyed.
class ProgressTicker {
 public:
  explicit ProgressTicker(ProgressBar& bar)
      : thread_([&bar](std::stop_token stop) {
          while (!stop.stop_requested()) {
            for (int i = 0; i < 10 && !stop.stop_requested(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            bar.tick();
          }
        }) {}

 private:
  std::jthread thread_;
};

std::string result_line(const SubmissionResult& r, bool reused, const std::string& write_error) {
  const std::string score = has_grader_error(r) ? std::string("ERROR (grader error)")
                                                : fmt::format("{}/{}", format_points(r.score), format_points(r.max));
  return fmt::format("  {} {}{}{}", r.name, score, reused ? " (from the previous run)" : "", write_error);
}

// Writes the shard's manifest into `out` (before grading, so a killed shard still names what it owns)
// and returns the submissions of `dir` it owns.
std::vector<fs::path> claim_shard(const AppContext& context, const GradeOptions& options, const fs::path& dir,
                                  const fs::path& out, const std::vector<const LabSpec*>& labs, const ShardSpec& shard) {
  ShardManifest manifest;
  manifest.shard = shard;
  manifest.course_hash = course_file_hash(context.course_file);
  manifest.grader_version = LABS_VERSION;
  manifest.grader_build = grader_build_id(context.build);
  manifest.class_dir = absolute_dir(dir).string();
  for (const LabSpec* lab : labs) manifest.labs.push_back(lab->id);
  manifest.only = options.only;
  manifest.runs = options.runs;
  std::vector<fs::path> owned;
  for (const auto& submission : submissions_in(dir)) {
    const std::string name = submission.filename().string();
    manifest.submissions.push_back(name);
    if (shard_of(name, shard.count) != shard.index) continue;
    manifest.owned.push_back(name);
    owned.push_back(submission);
  }
  write_if_changed(out / kShardManifestFile, to_json(manifest).dump(2) + "\n");
  return owned;
}

// --time-budget (per lab) times the labs graded: the most one submission may cost the batch.
std::chrono::milliseconds time_budget(const GradeOptions& options, std::size_t labs) {
  const auto per_lab = parse_duration_text(options.time_budget);
  if (!per_lab) throw UsageError(fmt::format("--time-budget '{}' is not a duration (e.g. 30m, 900s)", options.time_budget));
  return *per_lab * static_cast<long long>(std::max<std::size_t>(labs, 1));
}

// How this batch confines submissions, for the first line an instructor reads.
std::string isolation_summary() {
  if (!sandbox_choice().value_or(true)) return "without the sandbox (--no-sandbox)";
  if (!sandbox_support().available) return "with limits only, not isolated (see the warning)";
  return "each submission in the sandbox (bubblewrap)";
}

}  // namespace

std::string batch_dir_name(const fs::path& class_dir) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  return absolute_dir(class_dir).filename().string() + "-" + stamp;
}

fs::path default_class_dir(const Course& course) { return course.root / "examples" / "class"; }

int run_grade(const AppContext& context, const GradeOptions& options) {
  const fs::path dir = options.dir.empty() ? default_class_dir(context.course) : options.dir;
  if (!fs::is_directory(dir)) throw UsageError(fmt::format("no such directory: {}", dir.string()));
  if (options.runs < 1) throw UsageError("--runs must be at least 1");
  const auto labs = selected_labs(context.course, options.labs);
  const auto only_ids = split_list(options.only);
  check_selection(context, labs, {only_ids.begin(), only_ids.end()});
  const std::chrono::milliseconds budget = time_budget(options, labs.size());
  if (options.slurm.enabled) return run_grade_slurm(context, options, dir);
  // Any --shard, even 1/1 (a CI matrix of one), writes a manifest so that merge can take its output.
  const bool sharded = !options.shard.empty();
  const ShardSpec shard = sharded ? parse_shard(options.shard) : ShardSpec{};
  const fs::path out = options.out.empty() ? context.course.root / "grades" / batch_dir_name(dir) : options.out;
  const std::string shard_id = sharded ? "shard " + shard.text() + "\n" : "";
  // One grade at a time writes into an --out: a second one waits, then resumes from what the first wrote
  // (--resume) or is told the directory already holds results.
  const RunLock out_lock(out / kOutputLockFile, out.string(), std::cerr);
  claim_output(out, absolute_dir(dir).string() + "\n" + options.labs + "\n" + shard_id, options.resume);
  const auto students = sharded ? claim_shard(context, options, dir, out, labs, shard) : submissions_in(dir);
  std::cerr << "Grading " << display_dir(dir, fs::current_path()) << " into " << out.string()
            << (sharded ? fmt::format(" (shard {}: {} submission(s))", shard.text(), students.size()) : "")
            << (options.resume ? " (resuming)" : "") << ", " << isolation_summary() << "\n";

  std::vector<SubmissionResult> results(students.size());
  PipelineOptions base = base_pipeline_options(context);
  base.purpose = Purpose::grade;  // a broken mutex is charged once, in the mutex lab (depends_on)
  base.submission_budget = budget;
  base.test_jobs = 1;  // parallel across submissions; one submission's tests run one after another
  base.build_jobs = context.jobs > 1 ? 1 : 0;
  base.only.insert(only_ids.begin(), only_ids.end());
  // Students with identical files (the untouched starter of a lab, a copied repository, a re-grade)
  // share compiled objects instead of compiling them again.
  base.object_cache = context.work_dir / kObjectCacheDir;
  // What else decides a result besides the files: the grader build and the test selection.
  const std::string build_id = grader_build_id(context.build) + " only=" + options.only;
  ProgressBar bar(std::cerr, students.size(), ::isatty(STDERR_FILENO) == 1);
  {
    ProgressTicker ticker(bar);
    parallel_for(students.size(), context.jobs, [&](std::size_t i) {
      const std::string hash = submission_content_hash(students[i], labs, context.course, build_id, options.runs);
      const auto previous =
          options.resume ? reusable_result(out / students[i].filename() / "results.json", hash) : std::nullopt;
      results[i] = previous ? *previous : grade_one(students[i], labs, base, options.runs);
      results[i].content_hash = hash;
      std::string written;
      try {
        write_outputs(out, results[i], context.invoker);
      } catch (const std::exception& e) {
        written = fmt::format(" (could not write its results: {})", e.what());
      }
      bar.note(result_line(results[i], previous.has_value(), written));
      bar.completed(has_grader_error(results[i]) || results[i].score != results[i].max);
    });
  }
  bar.finish();
  ObjectCache(base.object_cache).prune(kObjectCacheBytes);
  return finish_batch(context, out, results, labs);
}

}  // namespace grader
