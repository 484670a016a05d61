// The stage-upload command: find a lab's files in an upload (Gradescope, PrairieLearn) and stage them.
#include "commands_upload.hpp"

#include <fmt/format.h>

#include <iostream>
#include <optional>

namespace grader {

namespace fs = std::filesystem;

namespace {

// The first candidate that is a regular file itself (never through a link).
std::optional<fs::path> find_upload_file(const fs::path& from, const std::string& lab, const std::string& file) {
  for (const fs::path& candidate : {from / "exercises" / lab / file, from / lab / file, from / file}) {
    std::error_code error;
    if (fs::symlink_status(candidate, error).type() == fs::file_type::regular) return candidate;
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
    const auto source = find_upload_file(options.from, lab.id, file);
    if (!source) {
      std::cerr << fmt::format("stage-upload: {} is not in the upload\n", file);
      continue;
    }
    fs::create_directories((into / file).parent_path());
    fs::copy_file(*source, into / file, fs::copy_options::overwrite_existing);
    std::cerr << fmt::format("stage-upload: {} from {}\n", file, fs::relative(*source, options.from).string());
    ++found;
  }
  return found > 0 ? kExitPassed : kExitFailed;
}

}  // namespace grader
