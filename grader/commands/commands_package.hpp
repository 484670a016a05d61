// `package gradescope OUT.zip`: the autograder zip Gradescope builds its image from;
// `package classroom OUT.yml`: the GitHub Classroom workflow of one lab.
#pragma once

#include <filesystem>
#include <string>

#include "app_context.hpp"

namespace grader {

struct PackageOptions {
  std::string platform;         // "gradescope" or "classroom"
  std::filesystem::path out;    // the zip to write (replaced when it exists)
  std::string lab;              // the lab the assignment grades; empty: the course's only lab
};

// The zip holds, at its root, setup.sh and run_autograder (templates/gradescope/), autograder.conf
// (LAB=<lab> and LABS_BUILD_TARGETS: setup.sh builds only what grading that lab needs), and the sources that build the grader and the harness (CMake files, cmake/, grader/,
// harness/, course.yaml, labs, exercises/, tests/CMakeLists.txt; solutions/ only of labs a lab takes
// `from: solutions`). Build directories and VCS data are left out. Uses `zip` (Debian package zip).
// For "classroom", writes classroom_workflow(lab) to `out` instead.
// Returns 0; throws UsageError for an unknown platform or lab, std::exception when zip fails.
int run_package(const AppContext& context, const PackageOptions& options);

// `lab-files LAB`: prints the lab's student files, one per line, relative to the lab directory
// (run_autograder uses it to find them in an upload). Returns 0; UsageError for an unknown lab.
int run_lab_files(const AppContext& context, const std::string& lab);

}  // namespace grader
