// Staging: copies a lab's student files into the grader's work tree, touching only what changed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

struct StageOutcome {
  std::vector<std::string> missing;  // listed files absent from the submission (relative to the lab dir)
  std::vector<std::string> copied;   // files whose staged copy was (re)written
};

// Copies each of `files` (relative paths) from `from_dir` to `to_dir`. A staged file whose content
// already equals the source is left alone, so its mtime stays and ninja does not rebuild it. Staged
// files whose source vanished are removed, so a stale copy never compiles in place of a missing file.
// The submission directory is only read. Throws std::filesystem::filesystem_error on I/O failure.
StageOutcome stage_files(const std::filesystem::path& from_dir, const std::vector<std::string>& files,
                         const std::filesystem::path& to_dir);

// Whole-file contents, or "" if unreadable (used to compare staged copies).
std::string read_file_text(const std::filesystem::path& file);

// Writes `content` to `file` unless it already holds exactly that (keeps mtimes of generated files).
// Returns true when the file was written. Creates parent directories.
bool write_if_changed(const std::filesystem::path& file, const std::string& content);

}  // namespace grader
