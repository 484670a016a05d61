// Tests of report.html and feedback.html: charts present, everything from students escaped, no script.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "export_classroom.hpp"
#include "feedback_html.hpp"
#include "html_text.hpp"
#include "report_html.hpp"
#include "results_fixture.hpp"
#include "svg_chart.hpp"
#include "text_encoding.hpp"

namespace grader {
namespace {

LabSpec mutex_spec() {
  LabSpec lab;
  lab.id = "mutex";
  lab.title = "Locks";
  lab.tests.push_back(TestSpec{"spin_exclusion_2", "Spin", "A.B", 6, {"plain", "tsan"}});
  lab.tests.push_back(TestSpec{"spin_try_lock", "Try", "A.C", 4, {"plain"}});
  return lab;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ReportHtml, Escapes) { EXPECT_EQ(html_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"); }

TEST(ReportHtml, HistogramBinsByTenPercent) {
  const auto bins = histogram_bins({0, 0.05, 0.49, 0.5, 1, 1});
  EXPECT_EQ(bins, (std::vector<int>{2, 0, 0, 0, 1, 1, 0, 0, 0, 2}));
  const std::string svg = histogram_svg({0, 1}, "t <x>");
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart histogram\"", 0), 0u);
  EXPECT_NE(svg.find("<title>t &lt;x&gt;</title>"), std::string::npos);
  EXPECT_EQ(count(svg, "<rect class=\"bar\""), 10u);
}

TEST(ReportHtml, FindingKeyGroupsTheSameMistake) {
  EXPECT_EQ(finding_key("ThreadSanitizer: data race at mutex/locks.cpp:14"),
            finding_key("ThreadSanitizer: data race at mutex/locks.cpp:27"));
  EXPECT_EQ(finding_key("watchdog: no progress for 5s (failed 3 of 20 runs)"), "watchdog: no progress for #s");
}

TEST(ReportHtml, ClassReportHasChartsFindingsAndLinksAndEscapesNames) {
  SubmissionResult bob = testing::bob();
  SubmissionResult evil = testing::bob();
  evil.name = "<script>alert(1)</script>";
  const LabSpec lab = mutex_spec();
  const std::string html = class_report_html("Course & co", {bob, evil}, {&lab});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Course &amp; co"), std::string::npos);
  EXPECT_EQ(count(html, "class=\"chart histogram\""), 1u);
  EXPECT_EQ(count(html, "class=\"chart pass-rate\""), 1u);
  EXPECT_NE(html.find("<a href=\"bob/feedback.html\">"), std::string::npos);
  EXPECT_NE(html.find("ThreadSanitizer: data race at mutex/locks.cpp:14</td><td>2</td>"), std::string::npos) << html;
  // Nothing is loaded from elsewhere (the SVG namespace URI is a name, not a fetch).
  for (const char* fetch : {"src=\"http", "href=\"http", "url(http", "@import"}) {
    EXPECT_EQ(html.find(fetch), std::string::npos) << fetch;
  }
}

TEST(ReportHtml, GraderErrorShowsErrorNotZero) {
  SubmissionResult r = testing::bob();
  r.labs[0].tests[1].configs[0] = testing::outcome("plain", Verdict::error, "grader error: disk full");
  score_submission(r);
  const LabSpec lab = mutex_spec();
  const std::string html = class_report_html("C", {r}, {&lab});
  EXPECT_NE(html.find("<td class=\"error\">ERROR</td>"), std::string::npos);
  EXPECT_NE(html.find("1 with a grader error"), std::string::npos);
}

// The number of students in histogram bar `bin` (0..9), read from the bar's tooltip.
std::string bar_count(const std::string& html, int bin) {
  const std::string label = fmt::format("<title>{}-{}%: ", bin * 10, bin * 10 + 10);
  const std::size_t at = html.find(label);
  if (at == std::string::npos) return "?";
  const std::size_t from = at + label.size();
  return html.substr(from, html.find('<', from) - from);
}

// With --only (or a budget) a lab is graded on part of its points: a student with every graded test
// passed is in the top bar, not at "share of the full lab".
TEST(ReportHtml, HistogramDividesByThePointsGraded) {
  SubmissionResult r = testing::bob();
  r.labs[0].tests[0].configs[1].verdict = Verdict::pass;
  r.labs[0].tests[0].configs[1].reason.clear();
  r.labs[0].tests.push_back(testing::test("never_ran", 90, {}));  // not run: no configuration outcome
  score_submission(r);
  LabSpec lab = mutex_spec();
  lab.tests.push_back(TestSpec{"never_ran", "Never", "A.D", 90, {"plain"}});
  const std::string html = class_report_html("C", {r}, {&lab});
  EXPECT_EQ(bar_count(html, 9), "1") << html;
  EXPECT_EQ(bar_count(html, 0), "0");
  EXPECT_NE(html.find("never_ran</text><rect x=\"260\" y=\"49\" width=\"300\" height=\"14\" fill=\"#eee\"/>"
                      "<text class=\"not-graded\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("10/10 <span class=\"not-graded\">(1 not run)</span>"), std::string::npos) << html;
}

// A batch in which nothing ran is not green: no "0%", no "0/0", no "No test failed".
TEST(ReportHtml, NothingRanIsNotGradedNotGreen) {
  SubmissionResult r = testing::bob();
  for (auto& t : r.labs[0].tests) t.configs.clear();
  score_submission(r);
  const LabSpec lab = mutex_spec();
  const std::string html = class_report_html("C", {r}, {&lab});
  EXPECT_EQ(html.find("No test failed"), std::string::npos);
  EXPECT_NE(html.find("No test ran: nothing was graded."), std::string::npos);
  EXPECT_EQ(html.find("font-size=\"12\">0%<"), std::string::npos);  // a pass rate of 0%
  EXPECT_EQ(html.find("0/0"), std::string::npos);
  EXPECT_EQ(count(html, "<text class=\"not-graded\""), 2u);
  EXPECT_NE(html.find("<td class=\"not-graded\">not graded</td>"), std::string::npos);
  EXPECT_NE(html.find("1 submission not graded on this lab"), std::string::npos);
}

TEST(FeedbackHtml, ShowsReasonWhereReplayAndFailedRuns) {
  SubmissionResult r = testing::bob();
  ConfigOutcome& tsan = r.labs[0].tests[0].configs[1];
  tsan.runs = 20;
  tsan.failed_runs = 3;
  tsan.detail = "x < y";
  const std::string html = feedback_html(r, "./labs");
  EXPECT_NE(html.find("ThreadSanitizer: data race at mutex/locks.cpp:14 (failed 3 of 20 runs)"), std::string::npos);
  EXPECT_NE(html.find("<code>mutex/locks.cpp:14</code>"), std::string::npos);
  EXPECT_NE(html.find("./labs check mutex --only spin_exclusion_2 --config tsan --seed 1234"), std::string::npos) << html;
  // A stress failure's command runs the test again; it may not reproduce, and says so.
  EXPECT_NE(html.find("<b>Re-run (may not reproduce)</b>: <code>./labs check mutex"), std::string::npos) << html;
  EXPECT_NE(html.find("<pre>x &lt; y</pre>"), std::string::npos);
}

TEST(FeedbackHtml, SvgArtifactsAreImagesThatCannotRunScript) {
  SubmissionResult r = testing::bob();
  const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>";
  r.labs[0].tests[0].configs[1].artifacts.push_back({"gantt-yours.svg", "image/svg+xml", svg});
  const std::string html = feedback_html(r, "./labs");
  EXPECT_NE(html.find("<img class=\"artifact\" alt=\"gantt-yours.svg\" src=\"data:image/svg+xml;base64," + base64_encode(svg)),
            std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("onload"), std::string::npos);
}

TEST(FeedbackHtml, HiddenTestShowsOnlyPassOrFail) {
  SubmissionResult r = testing::bob();
  r.labs[0].tests[0].visibility = Visibility::hidden;
  const std::string html = feedback_html(r, "./labs");
  EXPECT_NE(html.find("This test is hidden"), std::string::npos);
  EXPECT_EQ(html.find("data race"), std::string::npos);
}

}  // namespace
}  // namespace grader
