// `validate FORMAT FILE`: checks a results file against its platform's rules (tests, run_autograder).
#pragma once

#include <filesystem>
#include <string>

namespace grader {

struct ValidateOptions {
  std::string format;  // gradescope, classroom, prairielearn, autolab
  std::filesystem::path file;
};

// Prints every problem found ("FILE: tests[0].status: ...") on stdout; returns 0 when the file is
// valid, 1 when it is not (or cannot be read or parsed), 2 for an unknown format.
// Needs no course: it runs where the course may be broken.
int run_validate(const ValidateOptions& options);

struct AppContext;

// `validate course`: course.yaml loaded (its own checks ran in load_context) and every test's gtest
// found in its lab's compiled test libraries. Prints "course.yaml: valid ..." and returns 0; a mistake
// is a CourseError (FILE:LINE:COL, exit status 2) thrown to main.
int run_validate_course(const AppContext& context);

}  // namespace grader
