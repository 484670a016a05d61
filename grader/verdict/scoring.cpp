// Scoring of tests, labs and submissions.
#include "scoring.hpp"

#include <fmt/format.h>

namespace grader {

void score_test(TestResult& test) {
  test.passed = !test.configs.empty() && test.first_failure() == nullptr;
  test.points = test.passed ? test.max : 0;
}

void score_lab(LabResult& lab) {
  lab.score = 0;
  lab.max = 0;
  for (auto& test : lab.tests) {
    score_test(test);
    lab.score += test.points;
    lab.max += test.max;
  }
}

void score_submission(SubmissionResult& submission) {
  submission.score = 0;
  submission.max = 0;
  for (auto& lab : submission.labs) {
    score_lab(lab);
    submission.score += lab.score;
    submission.max += lab.max;
  }
}

std::string format_points(double points) {
  std::string text = fmt::format("{:.2f}", points);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

}  // namespace grader
