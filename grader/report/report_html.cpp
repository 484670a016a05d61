// The class report: score histograms, pass rates, common findings and links to each student's feedback.
#include "report_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "export_model.hpp"
#include "gradebook.hpp"
#include "html_text.hpp"
#include "scoring.hpp"
#include "svg_chart.hpp"

namespace grader {

namespace {

constexpr std::size_t kTopFindings = 15;

const LabResult* find_lab(const SubmissionResult& r, const std::string& id) {
  for (const auto& lab : r.labs) {
    if (lab.id == id) return &lab;
  }
  return nullptr;
}

// What a lab was actually graded on: the tests that ran (not cut by the budget or left out with --only)
// and did not end in a grader error. Percentages divide by these points, never by the lab's full points.
struct Graded {
  double score = 0;
  double max = 0;
  int tests = 0;
};

Graded graded_part(const LabResult& lab) {
  Graded g;
  for (const auto& t : lab.tests) {
    if (is_not_run(t) || is_grader_error(t)) continue;
    g.score += t.points;
    g.max += t.max;
    ++g.tests;
  }
  return g;
}

bool was_graded(const TestResult& t) { return !is_not_run(t) && !is_grader_error(t); }

std::string lab_section(const LabSpec& spec, const std::vector<SubmissionResult>& results) {
  std::vector<double> fractions;
  int not_graded = 0;
  for (const auto& r : results) {
    const LabResult* lab = find_lab(r, spec.id);
    if (!lab) continue;
    const Graded g = graded_part(*lab);
    if (g.max > 0) fractions.push_back(g.score / g.max);
    else ++not_graded;
  }
  std::vector<std::pair<std::string, PassRate>> rates;
  for (const auto& test : spec.tests) {
    int passed = 0, graded = 0;
    for (const auto& r : results) {
      const TestResult* t = find_test(r, {spec.id, test.id, test.points});
      if (!t || !was_graded(*t)) continue;
      ++graded;
      passed += t->passed ? 1 : 0;
    }
    rates.emplace_back(test.id, graded ? PassRate(static_cast<double>(passed) / graded) : std::nullopt);
  }
  std::string html = fmt::format("<section class=\"lab\" id=\"lab-{0}\">\n<h2>{0}: {1}</h2>\n", html_escape(spec.id),
                                 html_escape(spec.title));
  html += "<h3>Scores</h3>\n" + histogram_svg(fractions, "Score histogram of lab " + spec.id) + "\n";
  if (not_graded > 0) {
    html += fmt::format("<p class=\"not-graded\">{} submission{} not graded on this lab (no test ran).</p>\n", not_graded,
                        not_graded == 1 ? "" : "s");
  }
  html += "<h3>Pass rate per test</h3>\n" + pass_rate_svg(rates, "Pass rate per test of lab " + spec.id) + "\n";
  return html + "</section>\n";
}

struct Finding {
  std::string example;  // one full reason, as a student saw it
  std::set<std::string> students;
  int count = 0;
};

std::string findings_section(const std::vector<SubmissionResult>& results) {
  std::map<std::string, Finding> findings;
  int graded = 0;
  for (const auto& r : results) {
    for (const auto& lab : r.labs) {
      for (const auto& t : lab.tests) {
        graded += was_graded(t) ? 1 : 0;
        const ConfigOutcome* f = t.first_failure();
        if (!f) continue;
        Finding& finding = findings[lab.id + "\n" + finding_key(f->reason)];
        if (finding.example.empty()) finding.example = f->reason;
        finding.students.insert(r.name);
        ++finding.count;
      }
    }
  }
  std::vector<std::pair<std::string, Finding>> sorted(findings.begin(), findings.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second.students.size() > b.second.students.size();
  });
  std::string html = "<section id=\"findings\">\n<h2>Most common findings</h2>\n";
  if (graded == 0) return html + "<p class=\"not-graded\">No test ran: nothing was graded.</p>\n</section>\n";
  if (sorted.empty()) return html + "<p>No test failed.</p>\n</section>\n";
  html += "<table>\n<tr><th>lab</th><th>reason (one example)</th><th>students</th><th>failed tests</th></tr>\n";
  for (std::size_t i = 0; i < sorted.size() && i < kTopFindings; ++i) {
    const auto& [key, f] = sorted[i];
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", html_escape(key.substr(0, key.find('\n'))),
                        html_escape(f.example), f.students.size(), f.count);
  }
  return html + "</table>\n</section>\n";
}

std::string lab_cell(const SubmissionResult& r, const LabSpec& spec) {
  const LabResult* lab = find_lab(r, spec.id);
  if (!lab) return "<td>-</td>";
  const bool error = !r.error.empty() || std::any_of(lab->tests.begin(), lab->tests.end(), is_grader_error);
  if (error) return "<td class=\"error\">ERROR</td>";
  const Graded g = graded_part(*lab);
  if (g.tests == 0) return "<td class=\"not-graded\">not graded</td>";
  const int not_run = static_cast<int>(lab->tests.size()) - g.tests;
  const char* cls = g.score == g.max ? "pass" : "fail";
  const std::string partial = not_run > 0 ? fmt::format(" <span class=\"not-graded\">({} not run)</span>", not_run) : "";
  return fmt::format("<td class=\"{}\">{}/{}{}</td>", cls, format_points(g.score), format_points(g.max), partial);
}

std::string students_section(const std::vector<SubmissionResult>& results, const std::vector<const LabSpec*>& labs) {
  std::string html = "<section id=\"students\">\n<h2>Students</h2>\n<table>\n<tr><th>student</th>";
  for (const LabSpec* lab : labs) html += "<th>" + html_escape(lab->id) + "</th>";
  html += "<th>total</th><th>feedback</th></tr>\n";
  for (const auto& r : results) {
    const std::string name = html_escape(r.name);
    html += "<tr><td>" + name + "</td>";
    for (const LabSpec* lab : labs) html += lab_cell(r, *lab);
    if (has_grader_error(r)) {
      html += "<td class=\"error\">ERROR</td>";
    } else if (std::none_of(r.labs.begin(), r.labs.end(), [](const LabResult& lab) { return graded_part(lab).tests > 0; })) {
      html += "<td class=\"not-graded\">not graded</td>";
    } else {
      html += fmt::format("<td>{}/{}</td>", format_points(r.score), format_points(r.max));
    }
    html += fmt::format("<td><a href=\"{0}/feedback.html\">feedback.html</a> · <a href=\"{0}/feedback.md\">md</a></td></tr>\n",
                        name);
  }
  return html + "</table>\n</section>\n";
}

}  // namespace

std::string finding_key(const std::string& reason) {
  std::string key = reason;
  if (key.size() > 1 && key.back() == ')') {
    if (const auto open = key.rfind(" ("); open != std::string::npos) key.erase(open);
  }
  std::string out;
  for (char c : key) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (out.empty() || out.back() != '#') out += '#';
    } else {
      out += c;
    }
  }
  return out;
}

std::string class_report_html(const std::string& course_title, const std::vector<SubmissionResult>& results,
                              const std::vector<const LabSpec*>& labs) {
  const auto errors = std::count_if(results.begin(), results.end(), has_grader_error);
  std::string body = fmt::format("<h1>{}: class report</h1>\n<p>{} submissions graded", html_escape(course_title),
                                 results.size());
  body += errors ? fmt::format(", <span class=\"error\">{} with a grader error (grade again with --resume)</span>", errors)
                 : std::string();
  body += ".</p>\n<nav>Labs:";
  for (const LabSpec* lab : labs) body += fmt::format(" <a href=\"#lab-{0}\">{0}</a>", html_escape(lab->id));
  body += " · <a href=\"#findings\">findings</a> · <a href=\"#students\">students</a></nav>\n";
  for (const LabSpec* lab : labs) body += lab_section(*lab, results);
  body += findings_section(results);
  body += students_section(results, labs);
  return html_page(course_title + ": class report", body);
}

}  // namespace grader
