// `verify-mutant DIR`: a known-buggy submission must fail every test its mutant.yaml says catches it.
#pragma once

#include <filesystem>

#include "app_context.hpp"

namespace grader {

struct MutantOptions {
  std::filesystem::path dir;  // holds mutant.yaml and the buggy lab files
  int runs = 1;               // > 1: report how many runs caught the bug
};

// Exit 0 iff in every run each caught_by test failed (with the expected reason, when given), else 1.
// Throws CourseError for a bad mutant.yaml and UsageError for a missing directory.
int run_verify_mutant(const AppContext& context, const MutantOptions& options);

}  // namespace grader
