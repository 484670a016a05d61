// One student's feedback as a self-contained HTML page.
#include "feedback_html.hpp"

#include <fmt/format.h>

#include "html_text.hpp"
#include "replay.hpp"
#include "run_counts.hpp"
#include "scoring.hpp"

namespace grader {

namespace {

constexpr std::size_t kTextCap = 6000;

std::string pre(const std::string& text) {
  const std::string body = text.size() <= kTextCap
                               ? text
                               : text.substr(0, kTextCap) + fmt::format("\n[... {} more bytes]", text.size() - kTextCap);
  return "<pre>" + html_escape(body) + "</pre>\n";
}

bool ran(const ConfigOutcome& o) {
  return o.verdict == Verdict::fail || o.verdict == Verdict::timeout || o.verdict == Verdict::crash;
}

std::string artifacts_html(const ConfigOutcome& o) {
  std::string html;
  for (const auto& a : o.artifacts) {
    if (a.media_type == "image/svg+xml") {
      html += fmt::format("<figure>{}<figcaption>{}</figcaption></figure>\n", svg_image_tag(a.content, a.name),
                          html_escape(a.name));
    } else {
      html += fmt::format("<p>{}:</p>\n", html_escape(a.name)) + pre(a.content);
    }
  }
  return html;
}

std::string failure_html(const LabResult& lab, const TestResult& t, const ConfigOutcome& o, const std::string& invoker) {
  std::string html = fmt::format("<p><b>Why</b> ({} build): {}{}</p>\n", html_escape(o.config), html_escape(o.reason),
                                 html_escape(failed_runs_note(o)));
  if (o.verdict == Verdict::error) html += "<p class=\"error\">This is a problem of the grader, not of your code: it will be graded again.</p>\n";
  if (!o.file.empty()) {
    html += fmt::format("<p><b>Where</b>: <code>{}{}</code></p>\n", html_escape(o.file),
                        o.line > 0 ? fmt::format(":{}", o.line) : "");
  }
  if (ran(o)) {
    const std::string cmd = replay_command(student_replay_spec(invoker, lab.id, t.id, t.repetitions, o));
    html += fmt::format("<p><b>{}</b>: <code>{}</code></p>\n", o.replay_is_exact() ? "Replay" : "Re-run (may not reproduce)",
                        html_escape(cmd));
  }
  if (o.failing_schedule()) {
    html += fmt::format("<p><b>Interleaving</b>: {} One column per thread, » marks a preemption:</p>\n",
                        html_escape(controlled_summary(*o.controlled)));
    html += pre(o.controlled->trace);
  }
  if (!o.detail.empty() && o.verdict != Verdict::not_compiled) html += "<p>Details:</p>\n" + pre(o.detail);
  return html + artifacts_html(o);
}

std::string test_html(const LabResult& lab, const TestResult& t, const std::string& invoker) {
  std::string html = fmt::format(
      "<div class=\"test {}\">\n<h3><span class=\"{}\">{}</span> {} ({}/{})</h3>\n<p>{}</p>\n", t.passed ? "passed" : "failed",
      t.passed ? "pass" : "fail", t.passed ? "PASS" : "FAIL", html_escape(t.id), format_points(t.points),
      format_points(t.max), html_escape(t.name));
  const ConfigOutcome* failure = t.first_failure();
  if (failure && t.visibility == Visibility::hidden) {
    html += "<p>This test is hidden; its details are not shown.</p>\n";
  } else if (failure) {
    html += failure_html(lab, t, *failure, invoker);
  }
  return html + "</div>\n";
}

std::string lab_html(const LabResult& lab, const std::string& invoker) {
  std::string html = fmt::format("<section>\n<h2>{}: {} ({}/{})</h2>\n", html_escape(lab.id), html_escape(lab.title),
                                 format_points(lab.score), format_points(lab.max));
  if (!lab.submitted) {
    return html + fmt::format("<p>Not submitted: no <code>{}/</code> directory was found.</p>\n</section>\n",
                              html_escape(lab.id));
  }
  if (!lab.build_log.empty()) html += "<p>Your code did not compile. The compiler said:</p>\n" + pre(lab.build_log);
  for (const auto& t : lab.tests) html += test_html(lab, t, invoker);
  return html + "</section>\n";
}

}  // namespace

std::string feedback_html(const SubmissionResult& result, const std::string& invoker) {
  std::string body = fmt::format("<h1>Feedback for {}</h1>\n<p><b>Score: {}/{}</b></p>\n", html_escape(result.name),
                                 format_points(result.score), format_points(result.max));
  if (!result.error.empty()) body += "<p class=\"error\">Grading failed: " + html_escape(result.error) + "</p>\n";
  for (const auto& lab : result.labs) body += lab_html(lab, invoker);
  body += fmt::format("<p>Run <code>{} check &lt;lab&gt;</code> to check your work yourself; a replay command "
                      "above repeats the failure exactly (its interleaving, or a lab whose every run is the same); a "
                      "re-run repeats the test with the same seed, "
                      "which may not reproduce a failure that depends on timing.</p>\n",
                      html_escape(invoker));
  return html_page("Feedback for " + result.name, body);
}

}  // namespace grader
