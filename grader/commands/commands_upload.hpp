// `stage-upload LAB FROM TO`: the lab's files from a platform's upload, laid out as a submission.
#pragma once

#include <filesystem>
#include <string>

#include "app_context.hpp"

namespace grader {

struct StageUploadOptions {
  std::string lab;
  std::filesystem::path from;  // what the platform gave us (/autograder/submission, /grade/student)
  std::filesystem::path to;    // the submission directory to create: TO/LAB/<file>
};

// Copies each of the lab's student files into TO/LAB/, taking the first of FROM/exercises/LAB/FILE,
// FROM/LAB/FILE and FROM/FILE that is a regular file (a symbolic link, device or directory there is not
// followed: an upload is data). Prints one line per file to stderr saying where it came from or that it
// is missing. Returns 0 when at least one file was found, 1 when none was (nothing can be graded: the
// platform should say so instead of recording 0 points); UsageError for an unknown lab.
int run_stage_upload(const AppContext& context, const StageUploadOptions& options);

}  // namespace grader
