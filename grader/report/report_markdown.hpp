// feedback.md: the student's copy of their grade — per test the result, the reason, the line, the replay.
#pragma once

#include <string>

#include "results.hpp"

namespace grader {

// Markdown for the student who handed in `result`. Replay commands are written for the student's own
// checkout (`<invoker> check LAB --only ...`, without --submission). Hidden tests show only pass/fail.
std::string feedback_markdown(const SubmissionResult& result, const std::string& invoker);

}  // namespace grader
