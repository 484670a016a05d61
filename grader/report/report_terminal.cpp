// Terminal report for one submission (check).
#include "report_terminal.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "export_model.hpp"
#include "gradebook.hpp"
#include "paths.hpp"
#include "replay.hpp"
#include "scoring.hpp"

namespace grader {

namespace {

constexpr const char* kGreen = "32";
constexpr const char* kRed = "1;31";
constexpr const char* kDim = "2";
constexpr const char* kYellow = "1;33";
constexpr std::size_t kBuildLogLines = 20;

bool is_whole_lab_failure(Verdict v) {
  return v == Verdict::not_compiled || v == Verdict::forbidden || v == Verdict::not_submitted || v == Verdict::error;
}

// The failure every test of the lab shares (nothing ran), or null.
const ConfigOutcome* shared_failure(const LabResult& lab) {
  const ConfigOutcome* shared = nullptr;
  for (const auto& test : lab.tests) {
    for (const auto& o : test.configs) {
      if (!is_whole_lab_failure(o.verdict)) return nullptr;
      if (shared && o.reason != shared->reason) return nullptr;
      shared = &o;
    }
  }
  return shared;
}

std::string first_lines(const std::string& text, std::size_t count) {
  std::istringstream in(text);
  std::string out;
  std::string line;
  for (std::size_t i = 0; i < count && std::getline(in, line); ++i) out += "        | " + line + "\n";
  return out;
}

// The reason with the student's file named as the user sees it ("exercises/mutex/locks.cpp").
std::string localize(const std::string& reason, const SubmissionResult& r, const ConfigOutcome& o,
                     const TerminalStyle& style) {
  if (o.file.empty()) return reason;
  return localize_file(reason, o.file, display_path(r.path, o.file, style.cwd));
}

void print_test_line(std::ostream& out, const TestResult& t, const TerminalStyle& style) {
  // A test without outcomes did not run (time budget, or the grader was stopped). A grader error says
  // nothing about the student's code: ERROR and no points column of its own ("-"), never FAIL 0/N.
  const bool ours = !t.passed && is_grader_error(t);
  const std::string status = is_not_run(t)     ? style.paint("SKIP", kDim)
                             : t.passed        ? style.paint("PASS", kGreen)
                             : ours            ? style.paint("ERROR", kYellow)
                                               : style.paint("FAIL", kRed);
  const std::string points = ours ? "-" : format_points(t.points);
  out << fmt::format("  {}  {:<28} {:<52} {:>5}\n", status, t.id, t.name, points + "/" + format_points(t.max));
}

void print_failure(std::ostream& out, const SubmissionResult& r, const ConfigOutcome& o, const TerminalStyle& style) {
  std::string line = fmt::format("[{}] {}", o.config, localize(o.reason, r, o, style));
  const std::string where = outcome_location(r, o, style);
  if (!where.empty() && o.reason.find(o.file) == std::string::npos) line += " at " + where;
  out << "        " << line << "\n";
  if (o.failed_seed && *o.failed_seed != o.seed) out << fmt::format("        failing iteration's seed: {}\n", *o.failed_seed);
  if (!o.replay.empty()) {
    out << "        " << style.paint(std::string(replay_label(o.replay_is_exact())) + ": " + o.replay, kDim) << "\n";
  }
  if (o.failing_schedule()) print_interleaving(out, *o.controlled);
  for (const auto& a : o.artifacts) {
    out << "        " << style.paint("attached: " + a.name + " (in the run's directory, next to output.txt)", kDim) << "\n";
  }
}

void print_shared_failure(std::ostream& out, const SubmissionResult& r, const LabResult& lab, const ConfigOutcome& o,
                          const TerminalStyle& style) {
  const std::string status = o.verdict == Verdict::error ? style.paint("ERROR", kYellow) : style.paint("FAIL", kRed);
  out << fmt::format("  {}  all {} tests: {}\n", status, lab.tests.size(), localize(o.reason, r, o, style));
  const std::string where = outcome_location(r, o, style);
  if (!where.empty() && o.reason.find(o.file) == std::string::npos) out << "        at " << where << "\n";
  if (o.verdict == Verdict::not_compiled && !lab.build_log.empty()) out << first_lines(lab.build_log, kBuildLogLines);
  else if (!o.detail.empty() && o.verdict != Verdict::not_submitted) out << first_lines(o.detail, kBuildLogLines);
}

void print_lab(std::ostream& out, const SubmissionResult& r, const LabResult& lab, const TerminalStyle& style) {
  out << fmt::format("{}: {}\n", lab.id, lab.title);
  if (const ConfigOutcome* shared = shared_failure(lab); shared && !lab.tests.empty()) {
    print_shared_failure(out, r, lab, *shared, style);
    return;
  }
  for (const auto& t : lab.tests) {
    print_test_line(out, t, style);
    if (const ConfigOutcome* failure = t.first_failure()) print_failure(out, r, *failure, style);
  }
}

}  // namespace

std::string TerminalStyle::paint(const std::string& text, const char* code) const {
  return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
}

bool want_color(bool no_color_flag) {
  if (no_color_flag) return false;
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

std::string outcome_location(const SubmissionResult& r, const ConfigOutcome& o, const TerminalStyle& style) {
  if (o.file.empty()) return {};
  const std::string path = display_path(r.path, o.file, style.cwd);
  return o.line > 0 ? fmt::format("{}:{}", path, o.line) : path;
}

void print_interleaving(std::ostream& out, const ControlledRun& run) {
  out << "        " << controlled_summary(run) << " One column per thread, » marks a preemption:\n";
  std::istringstream in(run.trace);
  for (std::string line; std::getline(in, line);) out << "        " << line << "\n";
}

void print_check_report(std::ostream& out, const SubmissionResult& result, const TerminalStyle& style) {
  for (const auto& lab : result.labs) print_lab(out, result, lab, style);
  if (!result.error.empty()) out << style.paint("grader error: " + result.error, kRed) << "\n";
  const bool full = result.score == result.max;
  std::string score = fmt::format("Score: {}/{}", format_points(result.score), format_points(result.max));
  if (has_grader_error(result)) {
    // The student must not read this as their grade: the grader failed, not their code.
    out << style.paint(score + " (not final: the grader failed on some tests, not your code; run the same "
                               "command again)", kYellow) << "\n";
    return;
  }
  out << style.paint(score, full ? "1;32" : "1") << "\n";
}

}  // namespace grader
