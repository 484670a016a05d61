// Tests of the JUnit XML: structure, counts, escaping, hidden and not-run tests, and the XSD (xmllint).
#include "export_junit.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <utility>
#include <vector>

#include "export_fixture.hpp"
#include "text_encoding.hpp"

namespace grader {
namespace {

std::string carol_xml() { return junit_xml(testing::carol(), testing::carol_context(), "Concurrency Labs"); }

// Runs xmllint against tests/grader/data/junit.xsd; returns its exit status.
int xmllint_status(const std::string& xml, const std::string& name) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("labs-junit-" + name + "-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(file) << xml;
  const std::string command = "xmllint --noout --schema " GRADER_TEST_DATA_DIR "/junit.xsd " + file.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::filesystem::remove(file);
  return status;
}

TEST(JunitExport, ValidAgainstTheSchema) {
  EXPECT_EQ(xmllint_status(carol_xml(), "carol"), 0);
  EXPECT_EQ(xmllint_status(junit_xml(testing::bob(), {}, "c"), "bob"), 0);
}

// The schema states Jenkins xunit's rules: what that plugin rejects, it rejects too.
TEST(JunitExport, SchemaRejectsWhatJenkinsXunitRejects) {
  const std::string xml = carol_xml();
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"<testcase ", "<testcase bogus=\"1\" "},
           {"<testcase ", "<testcase file=\"exercises/mutex/locks.cpp\" "},
           {"<testcase ", "<testcase line=\"14\" "},
           {"<testsuites ", "<testsuites skipped=\"0\" "},
           {"<failure ", "<failure file=\"x\" "}}) {
    std::string bad = xml;
    bad.replace(bad.find(from), from.size(), to);
    EXPECT_NE(xmllint_status(bad, "bad"), 0) << to;
  }
}

TEST(JunitExport, SuitesCasesAndCounts) {
  const std::string xml = carol_xml();
  EXPECT_NE(xml.find("<testsuites name=\"Concurrency Labs\" tests=\"4\" failures=\"1\" errors=\"0\" time="),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"mutex\" tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"2\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"mutex\" name=\"spin_exclusion_2: Test spin_exclusion_2\" time=\"1.500\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"ThreadSanitizer: data race at exercises/mutex/locks.cpp:14\" type=\"tsan\">"),
            std::string::npos);
  // The body is said once: no <system-out> repeating it.
  EXPECT_EQ(xml.find("<system-out>"), std::string::npos);
}

// How mikepenz/action-junit-report locates a failure: the file from the testcase, the failure or the
// enclosing <testsuite> (else the classname's last dotted part), the line from the last " [^ ]*FILE.*?:N"
// in the failure's body (else 1).
TEST(JunitExport, GithubReportersFindTheFileAndLine) {
  const std::string xml = carol_xml();
  const std::size_t testcase = xml.find("<testcase classname=\"mutex\" name=\"spin_exclusion_2");
  ASSERT_NE(testcase, std::string::npos);
  const std::size_t suite = xml.rfind("<testsuite ", testcase);
  const std::string suite_tag = xml.substr(suite, xml.find('>', suite) - suite);
  EXPECT_NE(suite_tag.find("file=\"exercises/mutex/locks.cpp\""), std::string::npos) << suite_tag;
  const std::size_t body = xml.find('>', xml.find("<failure ", testcase)) + 1;
  const std::string text = xml.substr(body, xml.find("</failure>", body) - body);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(text, match, std::regex(" [^ ]*exercises/mutex/locks\\.cpp[^\\n]*?:(\\d+)"))) << text;
  EXPECT_EQ(match[1], "14");
}

TEST(JunitExport, CapsHoldAfterEscaping) {
  SubmissionResult result = testing::carol();
  for (auto& lab : result.labs) {
    for (auto& test : lab.tests) {
      for (auto& config : test.configs) config.output = std::string(3 * kJunitTextCap, '<');
    }
  }
  const std::string xml = junit_xml(result, testing::carol_context(), "c");
  int failures = 0;
  for (std::size_t at = xml.find("<failure "); at != std::string::npos; at = xml.find("<failure ", at + 1)) {
    const std::size_t body = xml.find('>', at) + 1;
    EXPECT_LE(xml.find("</failure>", body) - body, kJunitTextCap);
    ++failures;
  }
  EXPECT_GT(failures, 0);
  EXPECT_EQ(xmllint_status(xml, "capped"), 0);
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
