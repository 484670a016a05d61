// Gradebook CSV and terminal table.
#include "gradebook.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "run_counts.hpp"
#include "scoring.hpp"

namespace grader {

namespace {

constexpr const char* kErrorCell = "ERROR";
constexpr const char* kNotRunCell = "not run";  // a test left out by `grade --only`: no points either way

std::string points_cell(const SubmissionResult& r, const GradebookColumn& c) {
  const TestResult* t = find_test(r, c);
  if (!r.error.empty() || (t && is_grader_error(*t))) return "ERR";
  return t ? format_points(t->points) : "-";
}

// One CSV row: the student's cells per test, per lab total, then total and max.
std::string csv_row(const SubmissionResult& r, const std::vector<GradebookColumn>& columns, double max) {
  std::string row = csv_field(r.name);
  const bool whole_error = !r.error.empty();
  double total = 0, lab_total = 0;
  bool any_error = whole_error, lab_error = false, lab_ran = false;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const TestResult* t = find_test(r, columns[i]);
    const bool error = whole_error || (t && is_grader_error(*t));
    lab_error = lab_error || error;
    lab_ran = lab_ran || t;
    any_error = any_error || error;
    const double points = t && !error ? t->points : 0;
    lab_total += points;
    total += points;
    row += "," + (error ? std::string(kErrorCell) : t ? format_points(points) : std::string(kNotRunCell));
    if (i + 1 == columns.size() || columns[i + 1].lab != columns[i].lab) {
      row += "," + (lab_error ? std::string(kErrorCell) : lab_ran ? format_points(lab_total) : std::string(kNotRunCell));
      lab_total = 0;
      lab_error = lab_ran = false;
    }
  }
  return row + fmt::format(",{},{}\r\n", any_error ? kErrorCell : format_points(total), format_points(max));
}

std::string with_location(const ConfigOutcome& o) {
  const std::string runs = failed_runs_note(o);
  if (o.file.empty() || o.reason.find(o.file) != std::string::npos) return o.reason + runs;
  return (o.line > 0 ? fmt::format("{} ({}:{})", o.reason, o.file, o.line) : fmt::format("{} ({})", o.reason, o.file)) +
         runs;
}

// True when every test of the lab failed with one and the same reason (nothing of the student ran).
bool lab_failed_as_one(const LabResult& lab) {
  if (lab.tests.size() < 2 || lab.score > 0) return false;
  const ConfigOutcome* first = lab.tests.front().first_failure();
  return first && std::all_of(lab.tests.begin(), lab.tests.end(), [&](const TestResult& t) {
    const ConfigOutcome* f = t.first_failure();
    return f && f->reason == first->reason && f->verdict != Verdict::fail && f->verdict != Verdict::timeout;
  });
}

void print_losses(std::ostream& out, const SubmissionResult& r) {
  if (!r.error.empty()) out << fmt::format("  {}: grading failed: {}\n", r.name, r.error);
  for (const auto& lab : r.labs) {
    if (lab_failed_as_one(lab)) {
      out << fmt::format("  {}: {} (-{}): {}\n", r.name, lab.id, format_points(lab.max - lab.score),
                         with_location(*lab.tests.front().first_failure()));
      continue;
    }
    for (const auto& t : lab.tests) {
      if (t.passed) continue;
      const ConfigOutcome* f = t.first_failure();
      const std::string why = f ? with_location(*f) : std::string("not run");
      out << fmt::format("  {}: {} (-{}): {}\n", r.name, t.id, format_points(t.max - t.points), why);
    }
  }
}

}  // namespace

std::vector<GradebookColumn> gradebook_columns(const std::vector<const LabSpec*>& labs) {
  std::vector<GradebookColumn> columns;
  for (const LabSpec* lab : labs) {
    for (const auto& t : lab->tests) columns.push_back({lab->id, t.id, t.points});
  }
  return columns;
}

std::string csv_field(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const TestResult* find_test(const SubmissionResult& r, const GradebookColumn& c) {
  for (const auto& lab : r.labs) {
    if (lab.id != c.lab) continue;
    for (const auto& t : lab.tests) {
      if (t.id == c.test) return &t;
    }
  }
  return nullptr;
}

bool is_grader_error(const TestResult& test) {
  return std::any_of(test.configs.begin(), test.configs.end(), [](const auto& o) { return o.verdict == Verdict::error; });
}

bool has_grader_error(const SubmissionResult& result) {
  if (!result.error.empty()) return true;
  return std::any_of(result.labs.begin(), result.labs.end(), [](const LabResult& lab) {
    return std::any_of(lab.tests.begin(), lab.tests.end(), [](const TestResult& t) { return is_grader_error(t); });
  });
}

std::string gradebook_csv(const std::vector<SubmissionResult>& results, const std::vector<GradebookColumn>& columns) {
  std::string csv = "student";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    csv += "," + csv_field(columns[i].key());
    if (i + 1 == columns.size() || columns[i + 1].lab != columns[i].lab) csv += "," + csv_field(columns[i].lab);
  }
  csv += ",total,max\r\n";
  double max = 0;
  for (const auto& c : columns) max += c.max;
  for (const auto& r : results) csv += csv_row(r, columns, max);
  return csv;
}

void print_gradebook(std::ostream& out, const std::vector<SubmissionResult>& results,
                     const std::vector<GradebookColumn>& columns, const TerminalStyle& style) {
  std::size_t name_width = 10;
  for (const auto& r : results) name_width = std::max(name_width, r.name.size());
  std::string header = fmt::format("{:<{}}", "submission", name_width);
  for (std::size_t i = 0; i < columns.size(); ++i) header += fmt::format(" {:>3}", fmt::format("t{}", i + 1));
  out << style.paint(header + "   total", "1") << "\n";
  for (const auto& r : results) {
    std::string row = fmt::format("{:<{}}", r.name, name_width);
    for (const auto& c : columns) row += fmt::format(" {:>3}", points_cell(r, c));
    const std::string total =
        has_grader_error(r) ? std::string("ERROR") : fmt::format("{}/{}", format_points(r.score), format_points(r.max));
    out << row << "   " << style.paint(total, r.score == r.max && r.error.empty() ? "32" : "31") << "\n";
  }
  out << "\nColumns:\n";
  for (std::size_t i = 0; i < columns.size(); i += 2) {
    std::string row = fmt::format("  {:<44}", fmt::format("t{} = {}", i + 1, columns[i].key()));
    if (i + 1 < columns.size()) row += fmt::format("t{} = {}", i + 2, columns[i + 1].key());
    out << row.substr(0, row.find_last_not_of(' ') + 1) << "\n";
  }
  out << "\nLost points:\n";
  for (const auto& r : results) print_losses(out, r);
}

}  // namespace grader
