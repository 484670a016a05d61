// Whole files as text: reading, and writing so that no reader ever sees half a file.
#pragma once

#include <filesystem>
#include <string>

namespace grader {

// Whole-file contents, or "" if unreadable (used to compare staged copies).
std::string read_file_text(const std::filesystem::path& file);

// Writes `content` to `file` unless it already holds exactly that (keeps mtimes of generated files).
// Returns true when the file was written. Creates parent directories.
bool write_if_changed(const std::filesystem::path& file, const std::string& content);

// Writes `content` to `file` through a temporary file and a rename, so that a reader (or a kill at the
// time limit) only ever sees a complete file. Creates parent directories. Throws std::exception on I/O errors.
void write_file_atomically(const std::filesystem::path& file, const std::string& content);

}  // namespace grader
