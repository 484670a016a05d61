// feedback.html: the student's feedback as one self-contained page, with the charts tests attached.
#pragma once

#include <string>

#include "results.hpp"

namespace grader {

// The same content as feedback.md (per lab, per test: result, reason, file:line, replay command,
// details), plus the image/svg+xml artifacts of failed runs shown as images (data: URIs: an SVG from a
// test process can run no script). Hidden tests show only pass/fail. Everything is HTML-escaped;
// inline CSS only, no scripts, nothing loaded from elsewhere.
std::string feedback_html(const SubmissionResult& result, const std::string& invoker);

}  // namespace grader
