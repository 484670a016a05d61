// Tests of the JUnit XML: structure, counts, escaping, hidden and not-run tests, and the XSD (xmllint).
#include "export_junit.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "export_fixture.hpp"

namespace grader {
namespace {

std::string carol_xml() { return junit_xml(testing::carol(), testing::carol_context(), "Concurrency Labs"); }

// Runs xmllint against tests/grader/data/junit.xsd; returns its exit status.
int xmllint_status(const std::string& xml, const std::string& name) {
  const auto file = std::filesystem::temp_directory_path() / ("labs-junit-" + name + ".xml");
  std::ofstream(file) << xml;
  const std::string command = "xmllint --noout --schema " GRADER_TEST_DATA_DIR "/junit.xsd " + file.string() + " 2>&1";
  return std::system(command.c_str());
}

TEST(JunitExport, ValidAgainstTheSchema) {
  EXPECT_EQ(xmllint_status(carol_xml(), "carol"), 0);
  EXPECT_EQ(xmllint_status(junit_xml(testing::bob(), {}, "c"), "bob"), 0);
}

TEST(JunitExport, SchemaRejectsWhatReportersDoNotRead) {
  std::string xml = carol_xml();
  xml.replace(xml.find("<testcase "), 10, "<testcase bogus=\"1\" ");
  EXPECT_NE(xmllint_status(xml, "bogus"), 0);
}

TEST(JunitExport, SuitesCasesAndCounts) {
  const std::string xml = carol_xml();
  EXPECT_NE(xml.find("<testsuites name=\"Concurrency Labs\" tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"2\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"mutex\" tests=\"4\""), std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"mutex\" name=\"spin_exclusion_2: Test spin_exclusion_2\" "
                     "file=\"exercises/mutex/locks.cpp\" time=\"1.500\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"ThreadSanitizer: data race at exercises/mutex/locks.cpp:14\" type=\"tsan\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<system-out>"), std::string::npos);
}

TEST(JunitExport, HiddenTestIsSkippedWithoutDetails) {
  const std::string xml = carol_xml();
  EXPECT_EQ(xml.find("SECRET"), std::string::npos);
  EXPECT_NE(xml.find("name=\"mutex_hidden: Test mutex_hidden\" time=\"0.000\">\n      <skipped message=\"Hidden test"),
            std::string::npos);
}

TEST(JunitExport, NotRunIsSkippedWithReason) {
  EXPECT_NE(carol_xml().find("<skipped message=\"not run: the time budget ran out"), std::string::npos);
}

TEST(JunitExport, EscapesAndCapsOutput) {
  const std::string xml = carol_xml();
  EXPECT_NE(xml.find("?&lt;&amp;&gt;&quot;&apos;"), std::string::npos);  // \xff \x01 became '?'
  EXPECT_LT(xml.size(), 3 * kJunitTextCap + 4096);
  EXPECT_EQ(xml_escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
}

}  // namespace
}  // namespace grader
