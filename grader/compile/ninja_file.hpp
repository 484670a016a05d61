// Generation of the build.ninja that compiles one submission's lab in every configuration.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace grader {

// One translation unit; `object` is relative to the build directory's configuration subdirectory.
struct NinjaSource {
  std::filesystem::path source;  // absolute
  std::string object;            // "obj/mutex/locks.cpp.o"
};

struct NinjaConfig {
  std::string name;  // "plain": also the subdirectory of the build directory
  std::vector<std::string> compile_flags;
  std::vector<std::string> link_flags;
  std::filesystem::path test_library;
  std::filesystem::path harness_library;
};

// Everything build.ninja needs. Every path is absolute except the objects and outputs, which ninja
// resolves against its build directory.
struct NinjaPlan {
  std::filesystem::path compiler;
  std::filesystem::path gtest_library;
  std::vector<std::filesystem::path> include_dirs;  // -I for each (the staged lab directory first)
  std::vector<NinjaSource> sources;                 // student .cpp files and the lab's adapter
  std::vector<NinjaConfig> configs;
  // Objects ("plain/obj/mutex/locks.cpp.o") already in place from the object cache: linked, not compiled.
  std::set<std::string> prebuilt;
};

// The text of build.ninja: rule cxx (depfile, deps = gcc) per source and configuration, rule link per
// configuration producing "<config>/tests" with the test library linked whole-archive
// (docs/architecture.md). Deterministic, so rewriting it only when it changes keeps ninja's state.
std::string make_build_ninja(const NinjaPlan& plan);

// "<config>/tests": the test binary's path relative to the build directory.
std::string test_binary(const std::string& config);

// Quotes `arg` for /bin/sh when it holds anything but safe characters.
std::string shell_quote(const std::string& arg);

}  // namespace grader
