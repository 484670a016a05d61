// Gradescope results.json: writing it from the result rows, and checking a file against the format.
#include "export_gradescope.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "text_encoding.hpp"

namespace grader {

using nlohmann::json;

namespace {

const std::set<std::string> kVisibilities{"visible", "hidden", "after_due_date", "after_published"};

// Said wherever the grader, not the student's code, failed: the points shown are not the grade.
constexpr const char* kNotFinal =
    "The autograder itself failed here (not your code): this score is not final; your instructor will regrade.";

json gradescope_test_entry(const ExportRow& row) {
  std::string output = row.details;
  if (row.status == RowStatus::grader_error) output = std::string(kNotFinal) + "\n" + output;
  json tags = json::array({row.lab, row.id});
  for (const auto& config : row.configs) tags.push_back(config);
  // Gradescope shows an after_due_date test (output included) only once the due date has passed.
  return {{"name", fmt::format("{}: {} ({})", row.lab, row.name, row.id)},
          {"number", row.number},
          {"score", row.score},
          {"max_score", row.max},
          {"status", row.status == RowStatus::passed ? "passed" : "failed"},
          {"output", cap_text(clean_text(output), kGradescopeTestOutputCap)},
          {"visibility", row.hidden ? "after_due_date" : "visible"},
          {"tags", tags}};
}

void check_string(std::vector<std::string>& problems, const json& j, const std::string& key, const std::string& where,
                  bool required) {
  if (!j.contains(key)) {
    if (required) problems.push_back(fmt::format("{}{}: missing", where, key));
    return;
  }
  if (!j[key].is_string()) problems.push_back(fmt::format("{}{}: must be a string", where, key));
}

void check_visibility(std::vector<std::string>& problems, const json& j, const std::string& key, const std::string& where) {
  if (!j.contains(key)) return;
  if (!j[key].is_string() || !kVisibilities.count(j[key].get<std::string>())) {
    problems.push_back(fmt::format("{}{}: {} is not visible, hidden, after_due_date or after_published", where, key,
                                   j[key].dump()));
  }
}

void check_test(std::vector<std::string>& problems, const json& t, std::size_t i) {
  const std::string where = fmt::format("tests[{}].", i);
  if (!t.is_object()) {
    problems.push_back(where + ": must be an object");
    return;
  }
  check_string(problems, t, "name", where, true);
  check_string(problems, t, "number", where, false);
  check_string(problems, t, "output", where, false);
  check_visibility(problems, t, "visibility", where);
  for (const char* key : {"score", "max_score"}) {
    if (!t.contains(key) || !t[key].is_number() || t[key].get<double>() < 0) {
      problems.push_back(fmt::format("{}{}: must be a number >= 0", where, key));
    }
  }
  if (t.contains("score") && t.contains("max_score") && t["score"].is_number() && t["max_score"].is_number() &&
      t["score"].get<double>() > t["max_score"].get<double>()) {
    problems.push_back(where + "score: above max_score");
  }
  if (t.contains("status") && (!t["status"].is_string() || (t["status"] != "passed" && t["status"] != "failed"))) {
    problems.push_back(fmt::format("{}status: {} is not passed or failed", where, t["status"].dump()));
  }
  if (t.contains("output") && t["output"].is_string() && t["output"].get<std::string>().size() > kGradescopeTestOutputCap) {
    problems.push_back(where + "output: longer than the cap");
  }
  if (t.contains("tags") && (!t["tags"].is_array() || !std::all_of(t["tags"].begin(), t["tags"].end(),
                                                                     [](const json& tag) { return tag.is_string(); }))) {
    problems.push_back(where + "tags: must be an array of strings");
  }
}

}  // namespace

json gradescope_results(const SubmissionResult& result, const ExportContext& context) {
  const auto rows = export_rows(result, context);
  json tests = json::array();
  for (const auto& row : rows) tests.push_back(gradescope_test_entry(row));
  const ScoreSummary summary = summarize(rows);
  std::string output = student_score_line(summary) + "\n";
  if (!result.error.empty() || summary.grader_error) output = std::string(kNotFinal) + "\n" + output;
  if (!result.error.empty()) output += "Grading failed: " + result.error + "\n";
  return {{"score", result.score},
          {"execution_time", static_cast<long>(std::lround(context.execution_time_s))},
          {"output", cap_text(clean_text(output), kGradescopeOutputCap)},
          {"visibility", "visible"},
          {"stdout_visibility", "hidden"},
          {"tests", tests}};
}

std::string gradescope_results_text(const SubmissionResult& result, const ExportContext& context) {
  return gradescope_results(result, context).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

json gradescope_failure(const std::string& message) {
  return {{"score", 0}, {"execution_time", 0}, {"output", cap_text(clean_text(message), kGradescopeOutputCap)},
          {"visibility", "visible"}, {"stdout_visibility", "hidden"}, {"tests", json::array()}};
}

std::vector<std::string> gradescope_problems(const json& results) {
  std::vector<std::string> problems;
  if (!results.is_object()) return {"the file must hold one JSON object"};
  check_string(problems, results, "output", "", false);
  check_visibility(problems, results, "visibility", "");
  check_visibility(problems, results, "stdout_visibility", "");
  if (results.contains("execution_time") && !results["execution_time"].is_number_integer()) {
    problems.push_back("execution_time: must be a whole number of seconds");
  }
  const bool has_tests = results.contains("tests");
  if (has_tests && !results["tests"].is_array()) problems.push_back("tests: must be an array");
  const bool tests_ok = has_tests && results["tests"].is_array();
  double sum = 0;
  if (tests_ok) {
    for (std::size_t i = 0; i < results["tests"].size(); ++i) {
      check_test(problems, results["tests"][i], i);
      const json& t = results["tests"][i];
      if (t.is_object() && t.contains("score") && t["score"].is_number()) sum += t["score"].get<double>();
    }
  }
  if (!results.contains("score")) {
    problems.push_back("score: missing (required when a test has no score)");
  } else if (!results["score"].is_number()) {
    problems.push_back("score: must be a number");
  } else if (tests_ok && std::abs(results["score"].get<double>() - sum) > 1e-6) {
    problems.push_back(fmt::format("score: {} is not the sum of the tests' scores ({})", results["score"].dump(), sum));
  }
  return problems;
}

}  // namespace grader
