// Autolab output: readable feedback, then the JSON scores line Autolab parses.
#include "export_autolab.hpp"

#include <fmt/format.h>

#include <set>

#include "scoring.hpp"
#include "text_encoding.hpp"

namespace grader {

using nlohmann::json;

namespace {

std::string key_of(const ExportRow& row, bool several_labs) { return several_labs ? row.lab + "." + row.id : row.id; }

bool several_labs(const SubmissionResult& result) { return result.labs.size() > 1; }

std::string feedback_block(const ExportRow& row) {
  const std::string status = row.hidden ? "HIDDEN" : row.status == RowStatus::passed ? "PASS" : "FAIL";
  std::string text = fmt::format("{:<6} {}/{}: {}", status, row.lab, row.id, row.name);
  if (!row.hidden) text += fmt::format(" ({}/{})", format_points(row.score), format_points(row.max));
  text += "\n";
  if (row.status == RowStatus::passed || row.hidden) return text;
  std::string details = cap_text(clean_text(row.details), kAutolabTestCap);
  if (!details.empty() && details.back() != '\n') details += '\n';
  std::string indented;
  for (std::size_t start = 0; start < details.size();) {
    const std::size_t end = details.find('\n', start);
    indented += "    " + details.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return text + indented;
}

}  // namespace

json autolab_scores(const SubmissionResult& result, const ExportContext& context) {
  const auto rows = export_rows(result, context);
  json scores = json::object();
  for (const auto& row : rows) scores[key_of(row, several_labs(result))] = row.score;
  const ScoreSummary summary = summarize(rows);
  return {{"scores", scores}, {"scoreboard", json::array({result.score, summary.passed})}};
}

std::string autolab_output(const SubmissionResult& result, const ExportContext& context) {
  const auto rows = export_rows(result, context);
  std::string text;
  for (const auto& row : rows) text += feedback_block(row);
  if (!result.error.empty()) text += "Grading failed: " + clean_text(result.error) + "\n";
  text += student_score_line(summarize(rows)) + "\n";
  return text + autolab_scores(result, context).dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::vector<std::string> autolab_problems(const std::string& output) {
  std::string text = output;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const std::size_t newline = text.rfind('\n');
  const std::string last = newline == std::string::npos ? text : text.substr(newline + 1);
  json j;
  try {
    j = json::parse(last);
  } catch (const json::exception&) {
    return {"the last line is not JSON: " + last.substr(0, 80)};
  }
  std::vector<std::string> problems;
  if (!j.is_object() || !j.contains("scores") || !j["scores"].is_object()) {
    problems.push_back("the last line needs an object \"scores\"");
  } else {
    for (const auto& [key, value] : j["scores"].items()) {
      if (!value.is_number()) problems.push_back("scores." + key + ": must be a number");
    }
  }
  if (j.is_object() && j.contains("scoreboard") && !j["scoreboard"].is_array()) {
    problems.push_back("scoreboard: must be an array");
  }
  return problems;
}

}  // namespace grader
