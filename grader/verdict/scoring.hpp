// Scoring: a test earns its points iff every configuration passed; labs and submissions add up.
#pragma once

#include <string>

#include "results.hpp"

namespace grader {

// Sets passed/points of `test` from its configuration outcomes (no outcomes = not passed).
void score_test(TestResult& test);

// Scores every test, then the lab's score and max (max = the sum of the tests' max).
void score_lab(LabResult& lab);

// Scores every lab, then the submission's totals.
void score_submission(SubmissionResult& submission);

// Points for people: "6", "6.5", "0.25" (no trailing zeros).
std::string format_points(double points);

}  // namespace grader
