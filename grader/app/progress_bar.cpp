// The batch progress display: done/total, failures, elapsed and estimated time left.
#include "progress_bar.hpp"

#include <fmt/format.h>

namespace grader {

namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;

}  // namespace

std::string format_duration(seconds duration) {
  const long long s = std::max<long long>(0, duration.count());
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

ProgressBar::ProgressBar(std::ostream& out, std::size_t total, bool terminal, Clock clock, seconds quiet_period)
    : out_(out), total_(total), terminal_(terminal), clock_(std::move(clock)), quiet_period_(quiet_period) {
  start_ = clock_();
  last_line_ = start_;
}

// Elapsed time and, once something finished, the time left at the average pace so far.
std::string ProgressBar::times_text(const char* separator, const char* left_prefix) const {
  const auto elapsed = duration_cast<seconds>(clock_() - start_);
  std::string text = format_duration(elapsed) + " elapsed";
  if (done_ > 0 && done_ < total_) {
    const auto left = seconds(elapsed.count() * static_cast<long long>(total_ - done_) / static_cast<long long>(done_));
    text += fmt::format("{}{}{} left", separator, left_prefix, format_duration(left));
  }
  return text;
}

std::string ProgressBar::bar_text(std::size_t width) const {
  const std::size_t filled = total_ == 0 ? width : done_ * width / total_;
  return fmt::format("[{}{}] {}/{} done  {} failing  {}", std::string(filled, '#'), std::string(width - filled, '.'),
                     done_, total_, failed_, times_text("  ", "~"));
}

std::string ProgressBar::plain_text() const {
  return fmt::format("grading: {}/{} done, {} failing, {}", done_, total_, failed_, times_text(", ", "about "));
}

void ProgressBar::draw_locked() {
  if (terminal_) {
    out_ << "\r" << bar_text() << "\x1b[K" << std::flush;
    drawn_ = true;
  } else {
    out_ << plain_text() << "\n" << std::flush;
    last_line_ = clock_();
  }
}

void ProgressBar::note(const std::string& line) {
  std::lock_guard lock(mutex_);
  if (terminal_ && drawn_) out_ << "\r\x1b[K";
  out_ << line << "\n";
  if (terminal_) draw_locked();
  out_ << std::flush;
}

void ProgressBar::completed(bool failed) {
  std::lock_guard lock(mutex_);
  ++done_;
  if (failed) ++failed_;
  draw_locked();
}

void ProgressBar::tick() {
  std::lock_guard lock(mutex_);
  if (terminal_ || clock_() - last_line_ >= quiet_period_) draw_locked();
}

void ProgressBar::finish() {
  std::lock_guard lock(mutex_);
  if (terminal_ && drawn_) out_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace grader
