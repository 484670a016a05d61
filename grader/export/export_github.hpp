// GitHub Actions: workflow-command annotations at the student's line and the Markdown job summary.
#pragma once

#include <string>

#include "export_model.hpp"

namespace grader {

// GitHub shows an annotation's first kilobyte or so; longer messages only clutter the log.
inline constexpr std::size_t kAnnotationCap = 1000;
inline constexpr std::size_t kSummaryDetailsCap = 4 * 1024;

// One workflow command per test that did not pass, e.g.
//   ::error file=exercises/mutex/locks.cpp,line=14,title=mutex/spin_exclusion_2 failed::[tsan] ThreadSanitizer...
// file and line only when the failure is located in the student's file; a test that did not run is a
// ::warning; hidden tests get no annotation (nothing of their result is shown before the deadline). Then one ::notice with
// the score line. Values are escaped as GitHub's toolkit does (%, CR, LF; also ':' and ',' in properties).
std::string github_annotations(const SubmissionResult& result, const ExportContext& context);

// The Markdown appended to $GITHUB_STEP_SUMMARY: the score line, a table of tests (hidden tests
// without result or points), and per failed visible test its reason, location, replay command and
// capped details.
std::string github_step_summary(const SubmissionResult& result, const ExportContext& context);

// Escaping of workflow command data (the message) and of property values.
std::string escape_command_data(const std::string& text);
std::string escape_command_property(const std::string& text);

}  // namespace grader
