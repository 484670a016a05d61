// GitHub Actions output: annotations (workflow commands) and the Markdown step summary.
#include "export_github.hpp"

#include <fmt/format.h>

#include "replay.hpp"
#include "scoring.hpp"
#include "text_encoding.hpp"

namespace grader {

namespace {

std::string annotation(const ExportRow& row) {
  const char* level = row.status == RowStatus::not_run ? "warning" : "error";
  std::string properties;
  if (!row.file.empty()) {
    properties += "file=" + escape_command_property(row.file);
    if (row.line > 0) properties += fmt::format(",line={}", row.line);
    properties += ",";
  }
  const char* what = row.status == RowStatus::not_run ? "did not run" : "failed";
  properties += "title=" + escape_command_property(fmt::format("{}/{} {}", row.lab, row.id, what));
  std::string message = (row.config.empty() ? "" : "[" + row.config + "] ") + row.reason;
  if (!row.replay.empty()) message += "\n" + std::string(replay_label(row.replay_exact)) + ": " + row.replay;
  return fmt::format("::{} {}::{}\n", level, properties, escape_command_data(cap_text(clean_text(message), kAnnotationCap)));
}

std::string table_cell(const std::string& text) {
  std::string out;
  for (char c : clean_text(text)) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string status_cell(const ExportRow& row) {
  switch (row.status) {
    case RowStatus::passed: return "✅ passed";
    case RowStatus::failed: return "❌ failed";
    case RowStatus::not_run: return "⏭️ not run";
    case RowStatus::grader_error: return "⚠️ grader error";
  }
  return "";
}

std::string text_block(const std::string& text) {
  std::string body = cap_text(clean_text(text), kSummaryDetailsCap);
  if (!body.empty() && body.back() != '\n') body += '\n';
  return "```text\n" + body + "```\n";
}

std::string failure_block(const ExportRow& row) {
  std::string md = fmt::format("### {}/{}: {}\n\n", row.lab, row.id, table_cell(row.name));
  if (!row.file.empty()) md += fmt::format("At `{}{}`.\n\n", row.file, row.line > 0 ? fmt::format(":{}", row.line) : "");
  if (!row.replay.empty()) {
    md += row.replay_exact ? fmt::format("Replay it: `{}`\n\n", row.replay)
                           : fmt::format("Re-run it (may not reproduce): `{}`\n\n", row.replay);
  }
  return md + "<details><summary>Details</summary>\n\n" + text_block(row.details) + "\n</details>\n\n";
}

}  // namespace

std::string escape_command_data(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_command_property(const std::string& text) {
  std::string out;
  for (char c : escape_command_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string github_annotations(const SubmissionResult& result, const ExportContext& context) {
  const auto rows = export_rows(result, context);
  std::string text;
  for (const auto& row : rows) {
    if (row.status != RowStatus::passed && !row.hidden) text += annotation(row);
  }
  if (!result.error.empty()) text += "::error title=grader error::" + escape_command_data(clean_text(result.error)) + "\n";
  return text + "::notice title=Score::" + escape_command_data(student_score_line(summarize(rows))) + "\n";
}

std::string github_step_summary(const SubmissionResult& result, const ExportContext& context) {
  const auto rows = export_rows(result, context);
  std::string md = fmt::format("## Concurrency labs: {}\n\n**{}**\n\n", result.display.empty() ? result.name : result.display,
                               student_score_line(summarize(rows)));
  if (!result.error.empty()) md += "Grading failed: " + table_cell(result.error) + "\n\n";
  md += "| Test | Result | Points | Why |\n|---|---|---|---|\n";
  for (const auto& row : rows) {
    const std::string points = row.hidden ? "hidden" : format_points(row.score) + "/" + format_points(row.max);
    const std::string result_cell = row.hidden ? "hidden: shown after the deadline" : status_cell(row);
    const std::string why = row.hidden ? "" : table_cell(cap_text(row.reason, 300));
    md += fmt::format("| `{}/{}` {} | {} | {} | {} |\n", row.lab, row.id, table_cell(row.name), result_cell, points, why);
  }
  md += "\n";
  for (const auto& row : rows) {
    if (!row.hidden && row.status != RowStatus::passed) md += failure_block(row);
  }
  return md;
}

}  // namespace grader
