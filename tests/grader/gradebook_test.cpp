// Tests of the gradebook CSV (quoting, columns, totals) and the terminal table's lost-points lines.
#include "gradebook.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "results_fixture.hpp"

namespace grader {
namespace {

std::vector<GradebookColumn> columns() {
  return {{"mutex", "spin_exclusion_2", 6}, {"mutex", "spin_try_lock", 4}, {"mutex", "ticket_fifo", 8}};
}

TEST(Gradebook, CsvFieldQuoting) {
  EXPECT_EQ(csv_field("alice"), "alice");
  EXPECT_EQ(csv_field("smith, john"), "\"smith, john\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

TEST(Gradebook, CsvHasOneColumnPerTestAndTotals) {
  SubmissionResult bob = testing::bob();
  SubmissionResult odd = testing::bob();
  odd.name = "o'neil, jr";
  const std::string csv = gradebook_csv({bob, odd}, columns());
  EXPECT_EQ(csv,
            "student,mutex:spin_exclusion_2,mutex:spin_try_lock,mutex:ticket_fifo,total,max\r\n"
            "bob,0,4,0,4,18\r\n"
            "\"o'neil, jr\",0,4,0,4,18\r\n");
}

TEST(Gradebook, TableShowsLegendAndLostPoints) {
  std::ostringstream out;
  print_gradebook(out, {testing::bob()}, columns(), TerminalStyle{false, "/course"});
  const std::string text = out.str();
  EXPECT_NE(text.find("submission"), std::string::npos);
  EXPECT_NE(text.find("t1 = mutex:spin_exclusion_2"), std::string::npos);
  EXPECT_NE(text.find("4/10"), std::string::npos);
  EXPECT_NE(text.find("  bob: spin_exclusion_2 (-6): ThreadSanitizer: data race at mutex/locks.cpp:14\n"),
            std::string::npos);
  EXPECT_EQ(text.find("\x1b["), std::string::npos);
}

TEST(Gradebook, WholeLabFailureIsOneLine) {
  SubmissionResult r = testing::bob();
  for (auto& t : r.labs[0].tests) {
    t.configs = {testing::outcome("plain", Verdict::not_compiled, "does not compile: mutex/locks.cpp:3: error: x",
                                  "mutex/locks.cpp", 3)};
  }
  score_submission(r);
  std::ostringstream out;
  print_gradebook(out, {r}, columns(), TerminalStyle{false, "/"});
  EXPECT_NE(out.str().find("  bob: mutex (-10): does not compile: mutex/locks.cpp:3: error: x\n"), std::string::npos);
  EXPECT_EQ(out.str().find("spin_try_lock (-4)"), std::string::npos);
}

}  // namespace
}  // namespace grader
