// Staging: copies a lab's student files into the grader's work tree, touching only what changed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

struct StageOutcome {
  std::vector<std::string> missing;  // listed files absent from the submission (relative to the lab dir)
  std::vector<std::string> copied;   // files whose staged copy was (re)written
  // Listed files that are not plain data (a symbolic link, a hard link, a device, a FIFO, a socket), one
  // sentence each naming the path: "mutex/locks.cpp is a symbolic link; submit the file itself".
  std::vector<std::string> refused;
};

// Copies each of `files` (relative paths) from `root`/`lab` to `to_dir`, reading through
// read_submission_file: no link below `root` is ever followed (the lab directory included), and what is
// copied is exactly what was checked. A staged file whose content already equals the source is left
// alone, so its mtime stays and ninja does not rebuild it. Staged files whose source vanished or was
// refused are removed, so a stale copy never compiles in their place. The submission is only read.
// Throws std::filesystem::filesystem_error (or std::system_error) on I/O failure of the grader's side.
StageOutcome stage_files(const std::filesystem::path& root, const std::string& lab,
                         const std::vector<std::string>& files, const std::filesystem::path& to_dir);

}  // namespace grader
