// The watchdog thread: detects a stall and ends the process with a diagnosis (exit status 3).
#include "watchdog.hpp"

#include <algorithm>
#include <cstdio>

#include "end_run.hpp"
#include "thread_registry.hpp"

namespace harness {
namespace {

// How long a stall is watched before it is judged, and how often the threads' states are read in that
// window: long enough that a thread that merely waited for a CPU shows as runnable.
std::chrono::milliseconds window_for(std::chrono::milliseconds period) {
  return std::clamp(period / 4, std::chrono::milliseconds(200), std::chrono::milliseconds(2000));
}
constexpr int kSamplesPerWindow = 10;
// Starved threads get this many periods (counted from the last progress) before the watchdog gives up.
constexpr int kPatiencePeriods = 3;

std::chrono::milliseconds tick_for(std::chrono::milliseconds period) {
  return std::clamp(period / 10, std::chrono::milliseconds(10), std::chrono::milliseconds(250));
}

}  // namespace

Watchdog::Watchdog(std::chrono::milliseconds period) : period_(period), thread_([this] { watch(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard guard(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Watchdog::watch() {
  std::uint64_t last_count = progress_count();
  auto last_change = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, tick_for(period_), [this] { return stop_; })) {
    const auto now = std::chrono::steady_clock::now();
    const std::uint64_t count = progress_count();
    if (count != last_count) {
      last_count = count;
      last_change = now;
      continue;
    }
    if (now - last_change < period_) continue;
    lock.unlock();
    const bool last_chance = now - last_change >= kPatiencePeriods * period_;
    StallReport report = confirm(period_, count, last_chance);
    if (report.kind != StallKind::progressed && !report.finding.kind.empty()) fire(report.finding);
    if (report.kind == StallKind::progressed) {
      last_count = progress_count();
      last_change = std::chrono::steady_clock::now();
    }
    lock.lock();
  }
}

StallReport Watchdog::confirm(std::chrono::milliseconds stalled, std::uint64_t progress_at_start, bool last_chance) {
  StallSampler sampler;
  const auto step = window_for(period_) / kSamplesPerWindow;
  for (int i = 0; i < kSamplesPerWindow; ++i) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, step, [this] { return stop_; })) return {};
    }
    sampler.sample();
    if (progress_count() != progress_at_start) return {};
  }
  return sampler.finish(stalled, progress_count() != progress_at_start, last_chance);
}

void Watchdog::fire(const Finding& finding) {
  std::fprintf(stderr, "\nlab watchdog: %s\n", finding.message.c_str());
  end_run_failed(finding, 3);
}

}  // namespace harness
