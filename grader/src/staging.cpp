// Staging of student files with content comparison, so unchanged files keep their mtimes.
#include "staging.hpp"

#include <fstream>
#include <sstream>

#include "paths.hpp"
#include "submission_files.hpp"

namespace grader {

namespace fs = std::filesystem;

std::string read_file_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool write_if_changed(const fs::path& file, const std::string& content) {
  if (is_special_file(file)) {  // a device or FIFO: write into it, never rename over it
    std::ofstream(file, std::ios::binary) << content;
    return true;
  }
  if (fs::exists(file) && read_file_text(file) == content) return false;
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  // Write a temporary and rename: a concurrent reader (ninja) never sees a half-written file.
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw fs::filesystem_error("cannot write", tmp, std::make_error_code(std::errc::io_error));
  }
  fs::rename(tmp, file);
  return true;
}

StageOutcome stage_files(const fs::path& root, const std::string& lab, const std::vector<std::string>& files,
                         const fs::path& to_dir) {
  StageOutcome outcome;
  fs::create_directories(to_dir);
  for (const auto& name : files) {
    const fs::path target = to_dir / name;
    SubmissionFile source = read_submission_file(root, fs::path(lab) / name, "");
    if (source.status != SubmissionFile::Status::ok) {
      if (source.status == SubmissionFile::Status::missing) outcome.missing.push_back(name);
      if (source.status == SubmissionFile::Status::refused) outcome.refused.push_back(source.problem);
      fs::remove(target);
      continue;
    }
    if (write_if_changed(target, source.content)) outcome.copied.push_back(name);
  }
  return outcome;
}

}  // namespace grader
