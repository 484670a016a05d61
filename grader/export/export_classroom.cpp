// GitHub Classroom reporter JSON: per-test status and fractional scores, base64 for the step output.
#include "export_classroom.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "text_encoding.hpp"

namespace grader {

using nlohmann::json;

namespace {

const char* test_status(RowStatus status) {
  switch (status) {
    case RowStatus::passed: return "pass";
    case RowStatus::grader_error: return "error";
    case RowStatus::failed:
    case RowStatus::not_run: break;
  }
  return "fail";
}

json classroom_test_entry(const ExportRow& row) {
  json t{{"name", fmt::format("{}/{}: {}", row.lab, row.id, row.name)},
         {"status", test_status(row.status)},
         {"score", row.score},
         {"message", row.status == RowStatus::passed ? "" : cap_text(clean_text(student_details(row)), kClassroomMessageCap)},
         {"test_code", row.hidden ? "" : row.replay},
         {"filename", row.hidden ? "" : row.file},
         {"line_no", row.hidden ? 0 : row.line},
         {"duration", static_cast<long>(std::lround(row.seconds * 1000))}};
  return t;
}

}  // namespace

json classroom_result(const SubmissionResult& result, const ExportContext& context) {
  const auto rows = export_rows(result, context);
  const ScoreSummary summary = summarize(rows);
  json tests = json::array();
  for (const auto& row : rows) tests.push_back(classroom_test_entry(row));
  const bool error = summary.grader_error || !result.error.empty();
  const char* status = error ? "error" : summary.passed == summary.tests ? "pass" : "fail";
  return {{"version", 1}, {"status", status}, {"max_score", result.max}, {"tests", tests}};
}

std::string classroom_runner_name(const std::string& lab, const std::string& test_id) {
  std::string name;
  for (char c : lab + test_id) {
    if (std::isalnum(static_cast<unsigned char>(c))) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name;
}

std::vector<ClassroomRunner> classroom_runners(const SubmissionResult& result, const ExportContext& context) {
  std::vector<ClassroomRunner> runners;
  const bool error = !result.error.empty();
  for (const auto& row : export_rows(result, context)) {
    json entry = classroom_test_entry(row);
    const char* status = error ? "error" : test_status(row.status);
    if (error && row.status != RowStatus::passed) entry["status"] = "error";
    const json one{{"version", 1}, {"status", status}, {"max_score", row.max}, {"tests", json::array({entry})}};
    runners.push_back({classroom_runner_name(row.lab, row.id),
                       base64_encode(one.dump(-1, ' ', false, json::error_handler_t::replace))});
  }
  return runners;
}

std::string classroom_result_base64(const SubmissionResult& result, const ExportContext& context) {
  return base64_encode(classroom_result(result, context).dump(-1, ' ', false, json::error_handler_t::replace));
}

std::vector<std::string> classroom_problems(const json& r) {
  std::vector<std::string> problems;
  if (!r.is_object()) return {"the result must be one JSON object"};
  if (r.value("version", 0) != 1) problems.push_back("version: must be 1");
  const std::string status = r.contains("status") && r["status"].is_string() ? r["status"].get<std::string>() : "";
  if (status != "pass" && status != "fail" && status != "error") problems.push_back("status: must be pass, fail or error");
  if (!r.contains("max_score") || !r["max_score"].is_number() || r["max_score"].get<double>() < 0) {
    problems.push_back("max_score: must be a number >= 0");
  }
  if (!r.contains("tests") || !r["tests"].is_array()) {
    problems.push_back("tests: must be an array");
    return problems;
  }
  double sum = 0;
  for (std::size_t i = 0; i < r["tests"].size(); ++i) {
    const json& t = r["tests"][i];
    const std::string where = fmt::format("tests[{}].", i);
    if (!t.is_object() || !t.contains("name") || !t["name"].is_string()) problems.push_back(where + "name: must be a string");
    const std::string s = t.is_object() && t.contains("status") && t["status"].is_string() ? t["status"].get<std::string>() : "";
    if (s != "pass" && s != "fail" && s != "error") problems.push_back(where + "status: must be pass, fail or error");
    if (!t.is_object() || !t.contains("score") || !t["score"].is_number() || t["score"].get<double>() < 0) {
      problems.push_back(where + "score: must be a number >= 0");
    } else {
      sum += t["score"].get<double>();
    }
  }
  if (r.contains("max_score") && r["max_score"].is_number() && sum > r["max_score"].get<double>() + 1e-6) {
    problems.push_back("tests: their scores add up to more than max_score");
  }
  return problems;
}

}  // namespace grader
