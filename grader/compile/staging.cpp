// Staging of student files with content comparison, so unchanged files keep their mtimes.
#include "staging.hpp"


#include "paths.hpp"
#include "submission_files.hpp"
#include "text_files.hpp"

namespace grader {

namespace fs = std::filesystem;

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
