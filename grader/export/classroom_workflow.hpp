// The GitHub Classroom workflow for one lab: grade, then one reporter runner per test.
#pragma once

#include <string>

#include "course.hpp"

namespace grader {

// .github/workflows/classroom.yml for an assignment on `lab` (`./labs package classroom`): runs
// `./labs ci LAB --classroom` (which builds), then classroom-resources/autograding-grading-reporter with
// one runner per test (see classroom_runners). When the grader wrote no result for a runner (the build
// failed, the job was cut), the workflow gives that runner a readable "error" result saying the test was
// not graded, instead of leaving the reporter an empty variable it cannot parse.
std::string classroom_workflow(const LabSpec& lab);

}  // namespace grader
