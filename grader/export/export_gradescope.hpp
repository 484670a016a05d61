// Gradescope's results.json: per-test score, status, output and visibility, and the file's own rules.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "export_model.hpp"

namespace grader {

// Caps below what Gradescope shows comfortably (its results page gets slow with large outputs).
inline constexpr std::size_t kGradescopeTestOutputCap = 8 * 1024;
inline constexpr std::size_t kGradescopeOutputCap = 4 * 1024;

// results.json for Gradescope: top-level score (the sum of the tests' scores, hidden tests included: it
// is the grade), execution_time, output (the student's score line, which never claims full marks while
// hidden tests exist), visibility "visible", stdout_visibility "hidden" (the grader's stdout is for
// instructors). Per test: name, number, score, max_score, status ("passed"/"failed"), output (capped),
// visibility ("visible", or "after_due_date" for hidden tests), tags (lab, id, configurations).
nlohmann::json gradescope_results(const SubmissionResult& result, const ExportContext& context);

// The same, as the text written to results.json.
std::string gradescope_results_text(const SubmissionResult& result, const ExportContext& context);

// A results.json a failed setup or build of the grader leaves: score 0, one line for the student.
nlohmann::json gradescope_failure(const std::string& message);

// Every way `results` breaks Gradescope's format or our own promises (score = sum of the tests, caps);
// empty when valid. Messages name the field: "tests[2].status: 'ok' is not passed or failed".
std::vector<std::string> gradescope_problems(const nlohmann::json& results);

}  // namespace grader
