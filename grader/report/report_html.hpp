// report.html: the class at a glance for the instructor (histograms, pass rates, common findings, links).
#pragma once

#include <string>
#include <vector>

#include "course.hpp"
#include "results.hpp"

namespace grader {

// One self-contained page (inline CSS and SVG, no scripts, nothing loaded from elsewhere): per lab of
// `labs` a score histogram and the pass rate of each test; the most common failure reasons over the
// class; a table of students with their lab scores and links to `<name>/feedback.html` and
// `<name>/feedback.md` (relative to the page). Everything from submissions is HTML-escaped.
std::string class_report_html(const std::string& course_title, const std::vector<SubmissionResult>& results,
                              const std::vector<const LabSpec*>& labs);

// A failure reason with its specifics removed, so that the same mistake groups across students:
// digits become '#' and a trailing " (...)" note is dropped ("race at mutex/locks.cpp:14" -> "...:#").
std::string finding_key(const std::string& reason);

}  // namespace grader
