// Tests of the batch progress display, rendered against a fake clock.
#include "progress_bar.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace grader {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  ProgressBar::Clock fn() {
    return [this] { return now; };
  }
};

TEST(ProgressBar, BarShowsDoneFailuresElapsedAndTimeLeft) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBar bar(out, 4, true, clock.fn());
  EXPECT_EQ(bar.bar_text(8), "[........] 0/4 done  0 failing  0:00 elapsed");
  clock.now += 30s;
  bar.completed(true);
  EXPECT_EQ(bar.bar_text(8), "[##......] 1/4 done  1 failing  0:30 elapsed  ~1:30 left");
  clock.now += 90s;
  bar.completed(false);
  bar.completed(false);
  bar.completed(false);
  EXPECT_EQ(bar.bar_text(8), "[########] 4/4 done  1 failing  2:00 elapsed");
}

TEST(ProgressBar, TerminalRedrawsInPlaceAndNotesGoAboveTheBar) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBar bar(out, 2, true, clock.fn());
  bar.completed(false);
  bar.note("  alice 100/100");
  bar.finish();
  const std::string text = out.str();
  EXPECT_EQ(text.find('\n'), text.find("  alice 100/100\n") + 15) << text;  // the only newline ends the note
  EXPECT_NE(text.find("\r[############............] 1/2 done"), std::string::npos) << text;
  EXPECT_NE(text.find("\r\x1b[K  alice"), std::string::npos) << text;
  EXPECT_TRUE(text.ends_with("\r\x1b[K")) << text;
}

TEST(ProgressBar, PlainLinesAtEachCompletionAndEveryQuietPeriod) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBar bar(out, 3, false, clock.fn(), 10s);
  clock.now += 5s;
  bar.tick();
  EXPECT_EQ(out.str(), "");  // quiet for less than 10 s
  clock.now += 6s;
  bar.tick();
  EXPECT_EQ(out.str(), "grading: 0/3 done, 0 failing, 0:11 elapsed\n");
  clock.now += 1s;
  bar.completed(false);
  EXPECT_TRUE(out.str().ends_with("grading: 1/3 done, 0 failing, 0:12 elapsed, about 0:24 left\n")) << out.str();
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos);
}

TEST(ProgressBar, FormatsDurations) {
  EXPECT_EQ(format_duration(0s), "0:00");
  EXPECT_EQ(format_duration(725s), "12:05");
  EXPECT_EQ(format_duration(3723s), "1:02:03");
}

}  // namespace
}  // namespace grader
