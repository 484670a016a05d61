// JUnit XML in the subset Jenkins, GitLab and GitHub test reporters all read (schema: tests/grader/data/junit.xsd).
#pragma once

#include <string>

#include "export_model.hpp"

namespace grader {

inline constexpr std::size_t kJunitMessageCap = 1024;
inline constexpr std::size_t kJunitTextCap = 16 * 1024;

// <testsuites> with one <testsuite> per lab and one <testcase> per test: classname = lab id,
// name = "id: title", file = the student's file of the failure (when known), time in seconds.
// A failed test has <failure message=REASON type=VERDICT> with the capped details; a grader error
// is <error>; a test that did not run is <skipped>. A hidden test is <skipped> with kHiddenDetails
// whatever its result (students see nothing of it before the deadline). <system-out> holds the capped
// details of a visible test that did not pass.
std::string junit_xml(const SubmissionResult& result, const ExportContext& context, const std::string& suite_name);

// `text` escaped for an XML attribute or element (& < > " '), after clean_text.
std::string xml_escape(const std::string& text);

}  // namespace grader
