// Format selection: a graded result rendered in the format the user chose.
#include "export_formats.hpp"

#include <array>
#include <sstream>

#include "export_autolab.hpp"
#include "export_classroom.hpp"
#include "export_gradescope.hpp"
#include "export_junit.hpp"
#include "export_prairielearn.hpp"
#include "paths.hpp"
#include "report_json.hpp"
#include "report_terminal.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::pair<ExportFormat, const char*>, 7> kFormats{{
    {ExportFormat::text, "text"},
    {ExportFormat::json, "json"},
    {ExportFormat::gradescope, "gradescope"},
    {ExportFormat::junit, "junit"},
    {ExportFormat::autolab, "autolab"},
    {ExportFormat::prairielearn, "prairielearn"},
    {ExportFormat::classroom, "classroom"},
}};

std::string pretty(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

const std::vector<std::string>& export_format_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [format, name] : kFormats) v.emplace_back(name);
    return v;
  }();
  return names;
}

std::optional<ExportFormat> parse_export_format(const std::string& name) {
  for (const auto& [format, n] : kFormats) {
    if (name == n) return format;
  }
  return std::nullopt;
}

bool is_platform_format(ExportFormat format) { return format != ExportFormat::text && format != ExportFormat::json; }

std::string render_export(ExportFormat format, const SubmissionResult& result, const ExportContext& context,
                          const std::string& course_title) {
  switch (format) {
    case ExportFormat::text: {
      std::ostringstream out;
      print_check_report(out, result, TerminalStyle{false, context.cwd});
      return out.str();
    }
    case ExportFormat::json: return results_json_text(result);
    case ExportFormat::gradescope: return gradescope_results_text(result, context);
    case ExportFormat::junit: return junit_xml(result, context, course_title);
    case ExportFormat::autolab: return autolab_output(result, context);
    case ExportFormat::prairielearn: return pretty(prairielearn_results(result, context));
    case ExportFormat::classroom: return pretty(classroom_result(result, context));
  }
  return {};
}

}  // namespace grader
