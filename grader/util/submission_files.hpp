// Reading a submission as data: regular files only, never through a symbolic link, never a device.
#pragma once

#include <filesystem>
#include <string>

namespace grader {

// What reading one file of a submission found.
struct SubmissionFile {
  enum class Status {
    ok,       // `content` holds the file's bytes
    missing,  // no such file (or a parent directory is missing)
    refused,  // a link, a hard link, a device, a FIFO, a socket or a directory: `problem` says which
  };
  Status status = Status::missing;
  std::string content;
  // For `refused`: one sentence naming the path as the student wrote it, e.g.
  // "mutex/locks.cpp is a symbolic link; submit the file itself".
  std::string problem;
};

// Reads `root`/`rel` without ever following a link below `root`: every component of `rel` is opened
// relative to the directory opened before it with O_NOFOLLOW, and the type is checked on the opened
// descriptor (fstat), so a file swapped for a link between the check and the read is never read. A
// regular file with more than one hard link is refused too (it may be the reference solution or a
// system file linked into the submission). Devices and FIFOs are classified without being opened for
// reading. `root` itself is the grader's choice (an instructor's path) and may be a link; when it does
// not exist, every file in it is missing. Messages name the file "<label>/<rel>" ("" label: just rel).
// Never throws for what the submission contains; throws std::system_error when an existing `root`
// cannot be opened.
SubmissionFile read_submission_file(const std::filesystem::path& root, const std::filesystem::path& rel,
                                    const std::string& label);

// The problem with a submission directory `root`/`name` ("mutex") that the grader reads from: "" when it
// is a real directory or absent; "mutex is a symbolic link; submit the directory itself" for a link,
// "mutex is not a directory" for anything else. Looks at the entry itself (lstat), never through it.
std::string directory_problem(const std::filesystem::path& root, const std::string& name);

// Reads a file the grader did not write itself (a results file or a sanitizer log in a test's run
// directory) without following a link: "" when it is absent, a link or not a regular file.
std::string read_regular_file_nofollow(const std::filesystem::path& file);

}  // namespace grader
