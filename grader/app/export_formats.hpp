// The output formats a user selects with --format, and rendering a result in one of them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "export_model.hpp"

namespace grader {

enum class ExportFormat { text, json, gradescope, junit, autolab, prairielearn, classroom };

// Every --format value, in the order help texts list them.
const std::vector<std::string>& export_format_names();

std::optional<ExportFormat> parse_export_format(const std::string& name);

// True for the platform formats (everything but text and json).
bool is_platform_format(ExportFormat format);

// `result` in `format`: the whole file (or stdout) content. `course_title` names the JUnit suites.
std::string render_export(ExportFormat format, const SubmissionResult& result, const ExportContext& context,
                          const std::string& course_title);

}  // namespace grader
