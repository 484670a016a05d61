// JUnit XML writer: testsuites/testsuite/testcase with failure, error, skipped and system-out.
#include "export_junit.hpp"

#include <fmt/format.h>

#include <map>

namespace grader {

namespace {

struct SuiteCounts {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  int skipped = 0;
  double seconds = 0;

  void add(const ExportRow& row) {
    ++tests;
    seconds += row.seconds;
    if (row.hidden || row.status == RowStatus::not_run) ++skipped;
    else if (row.status == RowStatus::failed) ++failures;
    else if (row.status == RowStatus::grader_error) ++errors;
  }
};

std::string counts_attributes(const SuiteCounts& c) {
  return fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\"", c.tests, c.failures,
                     c.errors, c.skipped, c.seconds);
}

std::string verdict_element(const ExportRow& row) {
  if (row.hidden) return fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(kHiddenDetails));
  const std::string message = xml_escape(cap_text(row.reason, kJunitMessageCap));
  const std::string body = xml_escape(cap_text(row.details, kJunitTextCap));
  switch (row.status) {
    case RowStatus::passed: return "";
    case RowStatus::not_run: return fmt::format("      <skipped message=\"{}\"/>\n", message);
    case RowStatus::grader_error: return fmt::format("      <error message=\"{}\" type=\"error\">{}</error>\n", message, body);
    case RowStatus::failed: break;
  }
  return fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", message,
                     xml_escape(row.config.empty() ? "fail" : row.config), body);
}

std::string testcase(const ExportRow& row) {
  std::string attributes = fmt::format("classname=\"{}\" name=\"{}\"", xml_escape(row.lab),
                                       xml_escape(row.id + ": " + row.name));
  if (!row.file.empty() && !row.hidden) attributes += fmt::format(" file=\"{}\"", xml_escape(row.file));
  attributes += fmt::format(" time=\"{:.3f}\"", row.seconds);
  std::string xml = fmt::format("    <testcase {}>\n", attributes);
  xml += verdict_element(row);
  if (!row.hidden && row.status != RowStatus::passed) {
    xml += fmt::format("      <system-out>{}</system-out>\n", xml_escape(cap_text(row.details, kJunitTextCap)));
  }
  return xml + "    </testcase>\n";
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : clean_text(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string junit_xml(const SubmissionResult& result, const ExportContext& context, const std::string& suite_name) {
  const auto rows = export_rows(result, context);
  std::vector<std::string> labs;
  std::map<std::string, SuiteCounts> counts;
  SuiteCounts total;
  for (const auto& row : rows) {
    if (!counts.count(row.lab)) labs.push_back(row.lab);
    counts[row.lab].add(row);
    total.add(row);
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuites name=\"{}\" {}>\n", xml_escape(suite_name), counts_attributes(total));
  for (const auto& lab : labs) {
    xml += fmt::format("  <testsuite name=\"{}\" {}>\n", xml_escape(lab), counts_attributes(counts[lab]));
    for (const auto& row : rows) {
      if (row.lab == lab) xml += testcase(row);
    }
    xml += "  </testsuite>\n";
  }
  return xml + "</testsuites>\n";
}

}  // namespace grader
