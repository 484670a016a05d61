// `--print-build-targets`: the CMake targets a command on some labs needs, so that ./labs builds only those.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app_context.hpp"

namespace grader {

struct TargetsOptions {
  std::vector<std::string> labs;  // lab ids; empty (and no class): every lab of the course
  std::filesystem::path class_dir;  // grade: the labs that some submission of this class has a directory for
  std::string only_labs;            // grade --labs: keep only these (comma-separated)
};

// The CMake targets, one per line: labs-grader, then per lab and configuration of the lab (course.yaml)
// harness_<config> and labtests_<lab>_<config>, each once. Throws UsageError for an unknown lab.
std::vector<std::string> build_targets(const Course& course, const TargetsOptions& options);

// Prints build_targets() on stdout, one per line; only labs-grader when `options` is nullopt (a command
// that needs no lab).
int run_build_targets(const AppContext& context, const std::optional<TargetsOptions>& options);

}  // namespace grader
