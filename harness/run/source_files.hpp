// Where the student's source files are, for quoting their lines: the objects name them by a fixed root.
#pragma once

#include <string>

namespace harness {

// The grader compiles every submission with its stage directory mapped to "/labs-submission"
// (-ffile-prefix-map; the grader's paths.hpp), so that identical files give identical objects. Debug
// information and std::source_location therefore say "/labs-submission/mutex/locks.cpp"; the grader
// passes the real stage directory with --lab-source-root.
void set_source_root(std::string root);

// `file` where it can be opened: "/labs-submission/x" becomes "<source root>/x"; anything else as is.
std::string readable_source_path(const std::string& file);

}  // namespace harness
