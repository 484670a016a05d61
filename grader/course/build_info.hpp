// The build description CMake writes (grader-build.json): compiler, per-configuration flags and libraries.
#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace grader {

// How to compile and link a submission in one configuration (see docs/architecture.md).
struct ConfigBuild {
  std::vector<std::string> compile_flags;
  std::vector<std::string> link_flags;
  std::filesystem::path harness_library;
  std::map<std::string, std::filesystem::path> test_libraries;  // lab id -> liblabtests_<lab>_<config>.a
};

struct BuildInfo {
  int schema = 1;
  std::filesystem::path source_dir;
  std::filesystem::path compiler;
  std::filesystem::path gtest_library;
  std::map<std::string, ConfigBuild> configs;
  std::map<std::string, std::filesystem::path> adapters;  // lab id -> adapter.cpp

  // The configuration or lab entry; throws BuildInfoError naming what is missing.
  const ConfigBuild& config(const std::string& name) const;
  const std::filesystem::path& adapter(const std::string& lab) const;
};

// The build description is missing, unreadable or malformed (a broken installation: exit status 2).
class BuildInfoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

BuildInfo load_build_info(const std::filesystem::path& file);
BuildInfo parse_build_info(const std::string& json_text, const std::string& origin);

}  // namespace grader
