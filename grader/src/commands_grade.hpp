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
};

// Returns 0 when every submission got full marks, else 1. One broken submission never stops the batch.
// Throws UsageError for a missing DIR, unknown labs, or an --out directory holding another batch.
int run_grade(const AppContext& context, const GradeOptions& options);

// Default output directory name: "<dirname>-<YYYYmmdd-HHMMSS>" in local time.
std::string batch_dir_name(const std::filesystem::path& class_dir);

}  // namespace grader
