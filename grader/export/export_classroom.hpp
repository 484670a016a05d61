// GitHub Classroom: the result JSON that classroom-resources/autograding-grading-reporter reads.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "export_model.hpp"

namespace grader {

inline constexpr std::size_t kClassroomMessageCap = 2000;

// {"version":1,"status":"pass"|"fail"|"error","max_score":M,"tests":[{"name","status","score","message",
// "test_code","filename","line_no","duration"}]}. The reporter adds up the tests' `score` (fractional
// points are kept) against max_score, so score = points earned per test. Hidden tests count (this is the
// grade Classroom records) but their message, file and line are withheld.
nlohmann::json classroom_result(const SubmissionResult& result, const ExportContext& context);

// The result base64-encoded, as the reporter reads it from the environment variable <RUNNER>_RESULTS.
std::string classroom_result_base64(const SubmissionResult& result, const ExportContext& context);

// The reporter *shows* each runner as (tests passed / tests) x max_score but *records* the sum of the
// tests' scores: with tests of different weights in one runner the two disagree. So every graded test
// is its own runner (one test, max_score = its points), and both ways give the same total.
struct ClassroomRunner {
  std::string name;            // classroom_runner_name(lab, test id)
  std::string results_base64;  // what the reporter reads from <NAME>_RESULTS
};
std::vector<ClassroomRunner> classroom_runners(const SubmissionResult& result, const ExportContext& context);

// The runner's name: lab and test id, lower-case letters and digits only (the reporter's input rule).
std::string classroom_runner_name(const std::string& lab, const std::string& test_id);

// Every way `result` breaks what the reporter expects; empty when valid.
std::vector<std::string> classroom_problems(const nlohmann::json& result);

}  // namespace grader
