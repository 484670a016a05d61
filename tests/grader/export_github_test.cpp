// Tests of the GitHub Actions output: annotation commands at the student's line, escaping, summary.
#include "export_github.hpp"

#include <gtest/gtest.h>

#include "export_fixture.hpp"

namespace grader {
namespace {

std::string carol_annotations() { return github_annotations(testing::carol(), testing::carol_context()); }

TEST(GithubAnnotations, ErrorAtTheStudentsFileAndLine) {
  // ':' and ',' are escaped in properties only; newlines everywhere.
  EXPECT_EQ(carol_annotations().rfind("::error file=exercises/mutex/locks.cpp,line=14,title=mutex/spin_exclusion_2 "
                                      "failed::[tsan] ThreadSanitizer: data race at exercises/mutex/locks.cpp:14%0Are-run (may not reproduce): "
                                      "./labs check mutex",
                                      0),
            0u)
      << carol_annotations();
}

TEST(GithubAnnotations, OneCommandPerLine) {
  const std::string text = carol_annotations();
  std::size_t lines = 0;
  for (std::size_t pos = 0; (pos = text.find('\n', pos)) != std::string::npos; ++pos) ++lines;
  EXPECT_EQ(lines, 3u);  // the failure, the not-run warning, the score notice
  EXPECT_NE(text.find("\n::warning title=mutex/ticket_fifo did not run::not run: the time budget"), std::string::npos);
  EXPECT_NE(text.find("\n::notice title=Score::Visible tests: 4/18 points"), std::string::npos);
}

TEST(GithubAnnotations, HiddenTestsLeaveNoTrace) {
  const std::string text = carol_annotations();
  EXPECT_EQ(text.find("mutex_hidden"), std::string::npos);
  EXPECT_EQ(text.find("SECRET"), std::string::npos);
  EXPECT_EQ(text.find("locks.cpp,line=40"), std::string::npos);
}

TEST(GithubAnnotations, Escaping) {
  EXPECT_EQ(escape_command_data("50%\r\nnext"), "50%25%0D%0Anext");
  EXPECT_EQ(escape_command_property("a:b,c%"), "a%3Ab%2Cc%25");
}

TEST(GithubSummary, TableAndFailureDetails) {
  const std::string md = github_step_summary(testing::carol(), testing::carol_context());
  EXPECT_NE(md.find("**Visible tests: 4/18 points; 1 hidden test (12 points) is graded after the deadline; 1 test did "
                    "not run**"),
            std::string::npos);
  EXPECT_NE(md.find("| `mutex/spin_try_lock` Test spin_try_lock | ✅ passed | 4/4 |"), std::string::npos);
  EXPECT_NE(md.find("| `mutex/mutex_hidden` Test mutex_hidden | hidden: shown after the deadline | hidden |  |"),
            std::string::npos);
  EXPECT_NE(md.find("At `exercises/mutex/locks.cpp:14`."), std::string::npos);
  EXPECT_NE(md.find("Re-run it (may not reproduce): `./labs check mutex"), std::string::npos);
  EXPECT_EQ(md.find("SECRET"), std::string::npos);
  EXPECT_LT(md.size(), 4 * kSummaryDetailsCap);
}

}  // namespace
}  // namespace grader
