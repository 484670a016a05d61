// The watchdog thread: detects a stall and ends the process with a diagnosis (exit status 3).
#include "watchdog.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "findings_store.hpp"
#include "results_file.hpp"
#include "run_state.hpp"
#include "thread_registry.hpp"

namespace harness {
namespace {

constexpr std::chrono::milliseconds kCpuSample{200};

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
    } else if (now - last_change >= period_) {
      lock.unlock();
      fire();
    }
  }
}

void Watchdog::fire() {
  Finding finding = diagnose_stall(period_, kCpuSample);
  std::fprintf(stderr, "\nlab watchdog: %s\n", finding.message.c_str());
  record_finding(finding);
  mark_iteration_failed();
  write_results_file(Verdict::fail, true);
  std::fflush(stdout);
  std::fflush(stderr);
  ::_exit(3);
}

}  // namespace harness
