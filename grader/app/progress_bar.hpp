// Progress of a batch: a bar redrawn in place on a terminal, plain periodic lines otherwise.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

namespace grader {

// Shows done/total, failures so far, elapsed time and an estimate of the time left.
//
// On a terminal (`terminal` true) one line is redrawn in place ("\r... \x1b[K"); lines printed with
// note() appear above it. Otherwise (a log file, CI) a plain line is printed at each completion and,
// from tick(), at most every `quiet_period` in between. Thread-safe: every member takes one mutex.
// The clock is injected so that rendering is testable.
class ProgressBar {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  ProgressBar(std::ostream& out, std::size_t total, bool terminal, Clock clock = std::chrono::steady_clock::now,
              std::chrono::seconds quiet_period = std::chrono::seconds(10));
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Prints `line` (a submission's result), above the bar on a terminal.
  void note(const std::string& line);
  // One more submission is finished; `failed` when it did not get full marks or hit a grader error.
  void completed(bool failed);
  // Call about once a second: redraws the elapsed time on a terminal, prints a periodic line otherwise.
  void tick();
  // Clears the bar (terminal) so that what follows starts on a clean line.
  void finish();

  // "[#########...........]  3/7 done  1 failing  0:42 elapsed  ~1:10 left" (width = bar cells).
  std::string bar_text(std::size_t width = 24) const;
  // "grading: 3/7 done, 1 failing, 0:42 elapsed, about 1:10 left"
  std::string plain_text() const;

 private:
  std::string times_text(const char* separator, const char* left_prefix) const;
  void draw_locked();

  std::ostream& out_;
  std::size_t total_;
  bool terminal_;
  Clock clock_;
  std::chrono::seconds quiet_period_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_line_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  bool drawn_ = false;
  mutable std::mutex mutex_;
};

// "0:42", "12:05", "1:02:03".
std::string format_duration(std::chrono::seconds duration);

}  // namespace grader
