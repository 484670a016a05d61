// The stage-upload command: find a lab's files in an upload (Gradescope, PrairieLearn) and stage them.
#include "commands_upload.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <optional>
#include <utility>

#include "submission_files.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// The first candidate place of `file` that holds a regular file, read the way staging reads a
// submission (submission_files.hpp: never through a link, at any depth, and checked on the open file).
std::optional<std::pair<fs::path, std::string>> read_upload_file(const fs::path& from, const std::string& lab,
                                                                 const std::string& file) {
  for (const fs::path& rel : {fs::path("exercises") / lab / file, fs::path(lab) / file, fs::path(file)}) {
    SubmissionFile read = read_submission_file(from, rel, "");
    if (read.status == SubmissionFile::Status::ok) return std::pair{rel, std::move(read.content)};
    if (read.status == SubmissionFile::Status::refused) std::cerr << "stage-upload: " << read.problem << "\n";
  }
  return std::nullopt;
}

}  // namespace

int run_stage_upload(const AppContext& context, const StageUploadOptions& options) {
  const LabSpec& lab = require_lab(context.course, options.lab);
  const fs::path into = options.to / lab.id;
  fs::create_directories(into);
  int found = 0;
  for (const auto& file : lab.files) {
    const auto source = read_upload_file(options.from, lab.id, file);
    if (!source) {
      std::cerr << fmt::format("stage-upload: {} is not in the upload\n", file);
      continue;
    }
    fs::create_directories((into / file).parent_path());
    std::ofstream(into / file, std::ios::binary | std::ios::trunc) << source->second;
    std::cerr << fmt::format("stage-upload: {} from {}\n", file, source->first.string());
    ++found;
  }
  return found > 0 ? kExitPassed : kExitFailed;
}

}  // namespace grader
