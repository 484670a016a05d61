// PrairieLearn results.json: normalised score, per-test points, capped messages.
#include "export_prairielearn.hpp"

#include <fmt/format.h>

#include "text_encoding.hpp"

namespace grader {

using nlohmann::json;

namespace {

json prairielearn_test_entry(const ExportRow& row) {
  const bool show = !row.hidden && row.status != RowStatus::passed;
  return {{"name", fmt::format("{}/{}", row.lab, row.id)},
          {"description", row.name},
          {"points", row.score},
          {"max_points", row.max},
          {"message", row.hidden ? std::string(kHiddenDetails)
                                 : cap_text(clean_text(show ? row.reason : "passed"), kPrairieLearnMessageCap)},
          {"output", show ? cap_text(clean_text(row.details), kPrairieLearnOutputCap) : ""}};
}

bool is_number_in(const json& j, const char* key, double lo, double hi) {
  return j.contains(key) && j[key].is_number() && j[key].get<double>() >= lo - 1e-9 && j[key].get<double>() <= hi + 1e-9;
}

}  // namespace

json prairielearn_results(const SubmissionResult& result, const ExportContext& context) {
  const auto rows = export_rows(result, context);
  const ScoreSummary summary = summarize(rows);
  json tests = json::array();
  for (const auto& row : rows) tests.push_back(prairielearn_test_entry(row));
  // Not gradable: PrairieLearn then keeps the attempt, and says why instead of recording a silent 0.
  const bool nothing_ran = summary.tests > 0 && summary.not_run == summary.tests;
  const bool gradable = !summary.grader_error && result.error.empty() && !nothing_ran;
  std::string message = student_score_line(summary);
  if (!gradable) message = "Not graded: this attempt does not count. " + message;
  if (nothing_ran) message += "\nNo test ran: " + rows.front().reason;
  if (!result.error.empty()) message += "\nGrading failed: " + result.error;
  return {{"gradable", gradable},
          {"score", result.max > 0 ? result.score / result.max : 0.0},
          {"message", cap_text(clean_text(message), kPrairieLearnMessageCap)},
          {"output", ""},
          {"tests", tests}};
}

std::vector<std::string> prairielearn_problems(const json& r) {
  std::vector<std::string> problems;
  if (!r.is_object()) return {"the file must hold one JSON object"};
  if (!r.contains("gradable") || !r["gradable"].is_boolean()) problems.push_back("gradable: must be true or false");
  if (!is_number_in(r, "score", 0, 1)) problems.push_back("score: must be a number from 0 to 1");
  if (!r.contains("tests")) return problems;
  if (!r["tests"].is_array()) {
    problems.push_back("tests: must be an array");
    return problems;
  }
  for (std::size_t i = 0; i < r["tests"].size(); ++i) {
    const json& t = r["tests"][i];
    const std::string where = fmt::format("tests[{}].", i);
    if (!t.is_object() || !t.contains("name") || !t["name"].is_string()) problems.push_back(where + "name: must be a string");
    if (!t.is_object() || !is_number_in(t, "max_points", 0, 1e9)) problems.push_back(where + "max_points: must be >= 0");
    if (!t.is_object() || !is_number_in(t, "points", 0, t.value("max_points", 0.0))) {
      problems.push_back(where + "points: must be from 0 to max_points");
    }
  }
  return problems;
}

}  // namespace grader
