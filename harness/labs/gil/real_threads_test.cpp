// Graded tests on real threads (tsan): a GIL whose plain statements race is caught by ThreadSanitizer.
#include <gtest/gtest.h>

#include <cstdio>

#include "real_threads.hpp"

namespace gil_lab {
namespace {

// Exclusion from the interpreter's own book, races from ThreadSanitizer (a report ends the test at
// your line), progress from the watchdog: no timing is checked, so every run of a correct GIL passes.
void expect_correct_on_real_threads(GilKind kind) {
  const RealRun run = run_real_threads(kind);
  std::printf("%s: %ld takes of the GIL\n", run.title.c_str(), run.takes);
  EXPECT_TRUE(check_real_exclusion(run));
}

TEST(OldGil, RealThreads) { expect_correct_on_real_threads(GilKind::old_gil); }

TEST(NewGil, RealThreads) { expect_correct_on_real_threads(GilKind::new_gil); }

}  // namespace
}  // namespace gil_lab
