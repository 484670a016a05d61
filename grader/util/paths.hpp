// Path mapping: staged build paths back to the student's submission, work-directory keys, display paths.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace grader {

// The names a submission's objects give its stage and build directories (-ffile-prefix-map), the same for
// every submission, so that identical files compile to identical objects (object_cache.hpp). Debug
// information, __FILE__ and std::source_location in the objects say "/labs-submission/mutex/locks.cpp".
inline constexpr std::string_view kObjectStageRoot = "/labs-submission";
inline constexpr std::string_view kObjectBuildRoot = "/labs-build";

// Maps paths under a submission's stage directory (<work>/<key>/stage), or under kObjectStageRoot (what
// its objects call the stage), to submission-relative paths. The compiler, the harness and
// ThreadSanitizer only ever see those paths; students must see theirs.
class StageMap {
 public:
  explicit StageMap(std::filesystem::path stage_root);

  // "<stage>/mutex/locks.cpp" or "/labs-submission/mutex/locks.cpp" -> "mutex/locks.cpp"; nullopt when
  // `path` is under neither.
  // Accepts paths with "." / ".." components (normalised lexically first).
  std::optional<std::string> to_submission(std::string_view path) const;

  // Replaces every occurrence of the stage directory or kObjectStageRoot, each followed by '/', in `text`
  // (e.g. a compiler log, a sanitizer report) by `replacement` ("" makes the paths submission-relative).
  std::string rewrite(std::string text, std::string_view replacement = "") const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;  // absolute, lexically normal, without trailing slash
};

// Work-directory key for a submission: sanitized basename plus a short hash of its absolute path, so
// two students called "alice" in different batches never share a build directory.
std::string submission_key(const std::filesystem::path& submission_dir);

// How to show `file` (relative to the submission) to a user standing in `cwd`:
// ("/course/exercises", "mutex/locks.cpp", "/course") -> "exercises/mutex/locks.cpp".
// Falls back to the absolute path when the submission is not below `cwd`.
std::string display_path(const std::filesystem::path& submission_dir, const std::string& file,
                         const std::filesystem::path& cwd);

// `dir` relative to `cwd` when below it ("exercises"), else absolute.
std::string display_dir(const std::filesystem::path& dir, const std::filesystem::path& cwd);

// `p` made absolute and lexically normal, without a trailing slash ("exercises/" -> "/course/exercises").
std::filesystem::path absolute_dir(const std::filesystem::path& p);

// True when `p` exists and is not a regular file (a device such as /dev/null, a FIFO, a socket): a
// write must go into it, never replace it by renaming a temporary over it.
bool is_special_file(const std::filesystem::path& p);

// 64-bit FNV-1a: a stable hash (the same on every machine and run), for keys and default seeds.
std::uint64_t stable_hash(std::string_view text) noexcept;

}  // namespace grader
