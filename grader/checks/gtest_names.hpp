// Course mistakes found before anything runs: every `gtest` of course.yaml must exist in its lab's tests.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "build_info.hpp"
#include "course.hpp"

namespace grader {

// The class GoogleTest's TEST(Suite, Name) defines: "SpinLock.TryLock" -> "SpinLock_TryLock_Test".
std::string gtest_class_name(const std::string& gtest);

// The test classes a compiled test library defines (the classes of its `X::TestBody()` symbols, from
// `nm -C --defined-only`): the same tests `--gtest_list_tests` of any binary linked from it lists.
// Throws std::runtime_error when nm cannot run or fails.
std::set<std::string> gtest_classes(const std::filesystem::path& library, const std::string& nm = "nm");

// Checks that each test of `labs` exists in the test library of every configuration it runs in (those
// libraries that exist: a configuration not built yet is checked once it is).
// Throws CourseError "FILE:LINE:COL: ..." at the test's `gtest` value, suggesting a close name. `file`
// names course.yaml as its other errors do. Libraries are listed once each.
void check_gtest_names(const std::vector<const LabSpec*>& labs, const BuildInfo& build, const std::string& file);

}  // namespace grader
