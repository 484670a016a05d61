// Tests of report.html and feedback.html: charts present, everything from students escaped, no script.
#include <gtest/gtest.h>

#include "export_classroom.hpp"
#include "feedback_html.hpp"
#include "html_text.hpp"
#include "report_html.hpp"
#include "results_fixture.hpp"
#include "svg_chart.hpp"

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
  const auto bins = histogram_bins({0, 5, 49, 50, 100, 100}, 100);
  EXPECT_EQ(bins, (std::vector<int>{2, 0, 0, 0, 1, 1, 0, 0, 0, 2}));
  const std::string svg = histogram_svg({0, 100}, 100, "t <x>");
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
