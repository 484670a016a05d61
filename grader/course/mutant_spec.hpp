// mutant.yaml: what a known-buggy submission is, and which tests must catch it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "course.hpp"

namespace grader {

struct MutantSpec {
  std::string lab;                     // "mutex"
  std::string bug;                     // one sentence: what is wrong
  std::vector<std::string> caught_by;  // test ids that must fail (non-empty, each a test of `lab`)
  std::optional<std::string> reason;   // substring expected in the failing reason (case-insensitive)
};

// Loads and validates `file` against `course`. Throws CourseError ("mutant.yaml:LINE:COL: message")
// for unreadable or invalid YAML, unknown keys, missing fields, unknown labs and unknown test ids.
MutantSpec load_mutant_spec(const std::filesystem::path& file, const Course& course);

}  // namespace grader
