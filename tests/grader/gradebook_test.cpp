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
            "student,mutex:spin_exclusion_2,mutex:spin_try_lock,mutex:ticket_fifo,mutex,total,max\r\n"
            "bob,0,4,not run,4,4,18\r\n"
            "\"o'neil, jr\",0,4,not run,4,4,18\r\n");
}

TEST(Gradebook, CsvHasATotalPerLab) {
  const std::vector<GradebookColumn> two_labs{{"mutex", "spin_exclusion_2", 6}, {"mutex", "spin_try_lock", 4},
                                              {"semaphore", "sem_bound", 12}};
  EXPECT_EQ(gradebook_csv({testing::bob()}, two_labs),
            "student,mutex:spin_exclusion_2,mutex:spin_try_lock,mutex,semaphore:sem_bound,semaphore,total,max\r\n"
            "bob,0,4,4,not run,not run,4,22\r\n");
}

// `grade --only` leaves tests out: their cells say so instead of a 0 that reads like a failure.
TEST(Gradebook, TestNotSelectedIsNotRunNeverZero) {
  SubmissionResult r = testing::bob();
  r.labs[0].tests.pop_back();  // spin_try_lock was not selected
  score_submission(r);
  const std::string csv = gradebook_csv({r}, columns());
  EXPECT_EQ(csv.substr(csv.find("bob")), "bob,0,not run,not run,0,0,18\r\n");
}

TEST(Gradebook, GraderErrorIsErrorNeverZero) {
  SubmissionResult r = testing::bob();
  r.labs[0].tests[1].configs[0] = testing::outcome("plain", Verdict::error, "grader error: out of disk");
  score_submission(r);
  EXPECT_TRUE(has_grader_error(r));
  EXPECT_EQ(gradebook_csv({r}, columns()),
            "student,mutex:spin_exclusion_2,mutex:spin_try_lock,mutex:ticket_fifo,mutex,total,max\r\n"
            "bob,0,ERROR,not run,ERROR,ERROR,18\r\n");
  SubmissionResult whole = testing::bob();
  whole.error = "cannot stage";
  EXPECT_EQ(gradebook_csv({whole}, columns()).substr(gradebook_csv({whole}, columns()).find("bob")),
            "bob,ERROR,ERROR,ERROR,ERROR,ERROR,18\r\n");
  EXPECT_FALSE(has_grader_error(testing::bob()));
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
