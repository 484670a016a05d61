// `grade [DIR]`: grade every submission (subdirectory) of a class, write results, feedback and gradebook.
#pragma once

#include <filesystem>
#include <string>

#include "app_context.hpp"

namespace grader {

struct GradeOptions {
  std::filesystem::path dir;  // empty: <course root>/examples/class
  std::filesystem::path out;  // empty: <course root>/grades/<DIRNAME>-<YYYYmmdd-HHMMSS>
  std::string labs;           // "a,b"; empty: every lab of the course
  bool resume = false;        // continue a batch in --out: grade only what is missing, changed or errored
  int runs = 1;               // grade each submission N times (seeds base + k*1000) and count failed runs
  std::string only;           // "id,id": grade only these tests (a quick batch, e.g. the hostile corpus)
};

// Exit status when some submission hit a grader error (its gradebook cells say ERROR, never 0).
inline constexpr int kExitGraderError = 3;

// Returns 0 when every submission got full marks, 1 when some lost points, kExitGraderError when the
// grader failed for some submission. One broken submission never stops the batch. Each submission's
// results.json (with its content hash), feedback.md and feedback.html are written atomically as soon
// as it is graded; gradebook.csv and report.html at the end.
// Throws UsageError for a missing DIR, unknown labs, --runs < 1, a non-empty --out without --resume, or
// an --out directory holding another batch.
int run_grade(const AppContext& context, const GradeOptions& options);

// Default output directory name: "<dirname>-<YYYYmmdd-HHMMSS>" in local time.
std::string batch_dir_name(const std::filesystem::path& class_dir);

}  // namespace grader
