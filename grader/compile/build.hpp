// Building one submission's lab: writes build.ninja, runs ninja, and explains compile and link errors.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "build_info.hpp"
#include "course.hpp"
#include "paths.hpp"
#include "sandbox.hpp"

namespace grader {

struct BuildRequest {
  const BuildInfo* info = nullptr;
  const LabSpec* lab = nullptr;
  std::filesystem::path stage_root;  // <work>/<key>/stage; the lab's files are in <stage_root>/<lab>
  std::vector<std::string> student_sources;  // stage-relative .cpp files to compile ("mutex/locks.cpp")
  std::vector<std::filesystem::path> include_dirs;  // staged lab directories, this lab first
  std::filesystem::path build_dir;   // <work>/<key>/<lab>
  std::vector<std::string> configs;  // configurations to build
  int jobs = 0;                      // ninja -j; 0 = ninja's default
  bool sandbox = false;              // compile in the sandbox (build_isolation) with compile-time limits
  // A shared ObjectCache directory (grade: one per work directory), or empty: compile everything.
  std::filesystem::path object_cache = {};
};

struct ConfigBinary {
  bool ok = false;
  std::filesystem::path binary;                      // <build_dir>/<config>/tests
  std::vector<std::filesystem::path> student_objects;  // the student's object files in this configuration
};

// The first compiler or linker error, for the one-line reason.
struct BuildError {
  std::string message;  // "mutex/locks.cpp:12: error: expected ';' before '}' token"
  std::string file;     // submission-relative when the error is in a student file
  int line = 0;
};

struct BuildOutcome {
  std::map<std::string, ConfigBinary> configs;
  std::string log;         // ninja's output with staged paths made submission-relative (capped)
  BuildError first_error;  // empty message when everything built
  std::string internal_error;  // ninja could not run at all (a grader problem, not the student's)
};

// Builds every requested configuration in one ninja invocation (-k 0, so one broken configuration
// does not hide the others). Never throws for compile errors; throws std::exception for I/O problems.
// With an object cache, an object whose key (object_cache.hpp) is stored is copied in, not compiled,
// and the objects of every configuration that built are stored; the objects name the stage and build
// directories kObjectStageRoot and kObjectBuildRoot either way.
BuildOutcome build_lab(const BuildRequest& request);

// The sandbox and limits of a build: the compiler sees the system, the staged submission, the harness
// headers and libraries it is given (read-only) and the build directory (read-write), nothing else; every
// compiler process has a CPU-time and address-space limit, so a compile-time bomb stops.
Isolation build_isolation(const BuildRequest& request);

// A compiler that ran out of time or memory (ninja's log), for "the compiler ran out of time/memory".
bool compiler_exhausted(std::string_view ninja_log);

// Configurations with a failed edge in a ninja log ("FAILED: tsan/obj/..." -> "tsan").
std::set<std::string> failed_configs(std::string_view ninja_log);

// What the first failed ninja edge printed, without ninja's progress lines and the command line: the
// part of a build log a student needs.
std::string first_failure_output(std::string_view ninja_log);

// A link failure that is ours, not the student's: the linker could not use one of our inputs (a harness,
// test or GoogleTest library missing, truncated or half-written by a concurrent build), or one of our
// libraries needs a harness/GoogleTest symbol nobody defines. Returns the linker's line, or "" when the
// log shows no such failure. Nothing a student writes can cause these: students add no link inputs.
std::string our_link_failure(std::string_view log);

// A build step that could not write because the machine's disk (or the grading user's quota) is full:
// the tool's own line (ld, mold, as, ar, ninja, the compiler's "error writing to"), or "" when there is
// none. Ours, never the student's: the sandbox caps every file a compiler writes (RLIMIT_FSIZE), the
// patterns are anchored so that a student's `#error` or `#include` quoting the same words does not match,
// and a line found in `submission_text` (the submission's files: Clang quotes a source line verbatim) is
// not the tool's.
std::string disk_full_failure(std::string_view log, std::string_view submission_text = {});

// The first error of a (rewritten) build log, preferring errors located in `student_files`
// (submission-relative paths); linker errors become "undefined reference to `lab::SpinLock::lock()'".
BuildError first_build_error(std::string_view log, const std::set<std::string>& student_files);

}  // namespace grader
