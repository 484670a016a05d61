// JUnit XML that Jenkins xunit validates and Jenkins, GitLab and GitHub test reporters read (rules: tests/grader/data/junit.xsd).
#pragma once

#include <string>

#include "export_model.hpp"

namespace grader {

inline constexpr std::size_t kJunitMessageCap = 1024;
inline constexpr std::size_t kJunitTextCap = 16 * 1024;

// Valid for Jenkins xunit's JUnit schema (tests/grader/data/junit.xsd states its rules):
// <testsuites> (no `skipped`) with one <testsuite> per lab and one <testcase> per test: classname = lab
// id, name = "id: title", time in seconds; <testcase> carries no other attribute. A failed test has
// <failure message=REASON type=VERDICT> with the details (which say "at FILE:LINE" when located); a
// grader error is <error>; a test that did not run is <skipped>. A hidden test is <skipped> with
// kHiddenDetails whatever its result. A located failure is wrapped in its own nested
// <testsuite file=FILE>, where readers such as mikepenz/action-junit-report find the file. Messages and
// bodies are capped after escaping (kJunitMessageCap, kJunitTextCap bytes as written).
std::string junit_xml(const SubmissionResult& result, const ExportContext& context, const std::string& suite_name);

}  // namespace grader
