// The exporters' shared view: rows per test, score lines that respect hidden tests, text caps.
#include "export_model.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "paths.hpp"
#include "replay.hpp"
#include "scoring.hpp"
#include "text_encoding.hpp"

namespace grader {

namespace {

RowStatus status_of(const TestResult& t) {
  if (is_not_run(t)) return RowStatus::not_run;
  if (t.passed) return RowStatus::passed;
  const ConfigOutcome* failure = t.first_failure();
  return failure && failure->verdict == Verdict::error ? RowStatus::grader_error : RowStatus::failed;
}

void append_section(std::string& text, const std::string& title, const std::string& body) {
  if (body.empty()) return;
  text += "\n" + title + ":\n" + body;
  if (text.back() != '\n') text += '\n';
}

// The test's output without the controlled failure's trace, which the harness prints there too: the
// details show it once already, under "Interleaving".
std::string output_without_trace(const ConfigOutcome& o) {
  if (!o.failing_schedule() || o.controlled->trace.empty()) return o.output;
  std::string output = o.output;
  const std::size_t at = output.find(o.controlled->trace);
  if (at != std::string::npos) output.replace(at, o.controlled->trace.size(), "(the interleaving above)\n");
  return output;
}

// Everything known about the failure, most useful first.
std::string failure_details(const LabResult& lab, const ConfigOutcome& o, const ExportRow& row) {
  std::string text = fmt::format("[{}] {}\n", o.config, row.reason);
  if (!row.file.empty()) text += row.line > 0 ? fmt::format("at {}:{}\n", row.file, row.line) : "in " + row.file + "\n";
  if (o.failed_seed && *o.failed_seed != o.seed) text += fmt::format("failing iteration's seed: {}\n", *o.failed_seed);
  if (!row.replay.empty()) text += std::string(replay_label(row.replay_exact)) + ": " + row.replay + "\n";
  append_section(text, "Details", o.detail);
  if (o.failing_schedule()) {
    append_section(text, "Interleaving (one column per thread, » marks a preemption)",
                   controlled_summary(*o.controlled) + "\n" + o.controlled->trace);
  }
  if (o.verdict == Verdict::not_compiled) append_section(text, "Compiler output", lab.build_log);
  append_section(text, "Test output", output_without_trace(o));
  return text;
}

ExportRow row_of(const SubmissionResult& r, const LabResult& lab, const TestResult& t, const ExportContext& context) {
  ExportRow row;
  row.lab = lab.id;
  row.lab_title = lab.title;
  row.id = t.id;
  row.name = t.name;
  row.score = t.points;
  row.max = t.max;
  row.status = status_of(t);
  row.hidden = t.visibility == Visibility::hidden;
  for (const auto& o : t.configs) {
    row.configs.push_back(o.config);
    row.seconds += o.duration_s;
  }
  if (row.status == RowStatus::not_run) {
    row.reason = context.not_run_reason;
    row.details = row.reason + "\n";
  } else if (const ConfigOutcome* o = t.first_failure()) {
    row.config = o->config;
    row.reason = o->reason;
    // A platform's copy of the submission means nothing to the student: name the file as in the lab.
    const bool as_in_lab = context.student_replay || context.cwd.empty();
    if (!o->file.empty()) row.file = as_in_lab ? o->file : display_path(r.path, o->file, context.cwd);
    row.line = o->line;
    row.replay = context.student_replay
                     ? replay_command(student_replay_spec(context.invoker, lab.id, t.id, t.repetitions, *o))
                     : o->replay;
    row.replay_exact = o->replay_is_exact();
    row.reason = localize_file(row.reason, o->file, row.file);
    row.details = failure_details(lab, *o, row);
  } else {
    row.details = fmt::format("passed in {}\n", fmt::join(row.configs, ", "));
  }
  return row;
}

}  // namespace

bool is_not_run(const TestResult& test) { return test.configs.empty(); }

std::string localize_file(const std::string& text, const std::string& file, const std::string& shown) {
  if (file.empty() || file == shown) return text;
  std::string out;
  std::size_t pos = 0;
  for (std::size_t hit; (hit = text.find(file, pos)) != std::string::npos; pos = hit + file.size()) {
    out.append(text, pos, hit - pos).append(shown);
  }
  return out.append(text, pos, std::string::npos);
}

std::vector<ExportRow> export_rows(const SubmissionResult& result, const ExportContext& context) {
  std::vector<ExportRow> rows;
  for (std::size_t l = 0; l < result.labs.size(); ++l) {
    const LabResult& lab = result.labs[l];
    for (std::size_t t = 0; t < lab.tests.size(); ++t) {
      ExportRow row = row_of(result, lab, lab.tests[t], context);
      row.number = fmt::format("{}.{}", l + 1, t + 1);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

ScoreSummary summarize(const std::vector<ExportRow>& rows) {
  ScoreSummary s;
  for (const auto& row : rows) {
    s.score += row.score;
    s.max += row.max;
    ++s.tests;
    if (row.status == RowStatus::passed) ++s.passed;
    if (row.status == RowStatus::not_run) ++s.not_run;
    if (row.status == RowStatus::grader_error) s.grader_error = true;
    if (row.hidden) {
      ++s.hidden;
      s.hidden_max += row.max;
    } else {
      s.visible_score += row.score;
      s.visible_max += row.max;
    }
  }
  return s;
}

std::string student_score_line(const ScoreSummary& s) {
  std::string line;
  if (s.hidden == 0) {
    line = fmt::format("Score: {}/{}", format_points(s.score), format_points(s.max));
  } else {
    line = fmt::format("Visible tests: {}/{} points; {} hidden test{} ({} points) {} graded after the deadline",
                       format_points(s.visible_score), format_points(s.visible_max), s.hidden, s.hidden == 1 ? "" : "s",
                       format_points(s.hidden_max), s.hidden == 1 ? "is" : "are");
  }
  if (s.not_run > 0) line += fmt::format("; {} test{} did not run", s.not_run, s.not_run == 1 ? "" : "s");
  return line;
}

std::string student_details(const ExportRow& row) { return row.hidden ? std::string(kHiddenDetails) + "\n" : row.details; }

std::string cap_text(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  const std::string longest_marker = fmt::format("\n[... {} bytes cut ...]\n", text.size());
  if (limit <= longest_marker.size() + 2) {
    std::size_t end = limit;
    while (end > 0 && is_utf8_continuation(static_cast<unsigned char>(text[end]))) --end;
    return text.substr(0, end);
  }
  const std::size_t keep = limit - longest_marker.size();
  std::size_t head = keep / 2;
  while (head > 0 && is_utf8_continuation(static_cast<unsigned char>(text[head]))) --head;
  std::size_t tail_start = text.size() - (keep - keep / 2);
  while (tail_start < text.size() && is_utf8_continuation(static_cast<unsigned char>(text[tail_start]))) ++tail_start;
  return text.substr(0, head) + fmt::format("\n[... {} bytes cut ...]\n", tail_start - head) + text.substr(tail_start);
}

const char* row_status_name(RowStatus status) {
  switch (status) {
    case RowStatus::passed: return "passed";
    case RowStatus::failed: return "failed";
    case RowStatus::not_run: return "not run";
    case RowStatus::grader_error: return "grader error";
  }
  return "failed";
}

}  // namespace grader
