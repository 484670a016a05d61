// Confirms and explains a stall: which watched threads sleep, spin or starve, in which lab:: operation at which line.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "evidence.hpp"
#include "thread_registry.hpp"
#include "stall_explainer.hpp"
#include "wait_notes.hpp"
#include "watchdog.hpp"

namespace harness {
namespace {

std::chrono::nanoseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::steady_clock::now() - start;
}

// The thread's scheduler state from /proc/self/task/TID/stat ('R', 'S', 'D', ...), or 0 when unreadable
// (the thread has just ended).
char scheduler_state(int tid) {
  if (tid <= 0) return 0;
  const std::string path = "/proc/self/task/" + std::to_string(tid) + "/stat";
  std::FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) return 0;
  char text[512];
  const std::size_t n = std::fread(text, 1, sizeof text - 1, file);
  std::fclose(file);
  text[n] = '\0';
  // "TID (name) S ...": the name may hold spaces and parentheses, the state follows the last ')'.
  const char* close = std::strrchr(text, ')');
  return close != nullptr && close[1] == ' ' ? close[2] : 0;
}

std::string hex_address(const void* address) {
  char text[32];
  std::snprintf(text, sizeof(text), "%p", address);
  return text;
}

// "futex_wait(0x7f.., 2)", "cpu_relax()", "exchange on 0x7f..".
std::string describe_op(const lab::detail::OpSite& op) {
  using lab::detail::OpKind;
  const std::string name = lab::detail::op_name(op.kind);
  switch (op.kind) {
    case OpKind::futex_wait:
    case OpKind::futex_wake:
      return name + "(" + hex_address(op.address) + ", " + std::to_string(op.value) + ")";
    case OpKind::cpu_relax:
    case OpKind::yield:
      return name + "()";
    default:
      return name + " on " + hex_address(op.address);
  }
}

std::string describe_site(const lab::detail::OpSite& op) {
  std::string text = describe_op(op);
  if (op.file != nullptr) text += " at " + std::string(op.file) + ":" + std::to_string(op.line);
  return text;
}

std::string activity_text(const ThreadWatch& watch) {
  char text[64];
  switch (activity_of(watch)) {
    case ThreadActivity::busy: std::snprintf(text, sizeof text, "burning CPU (%.0f %%)", watch.cpu_share * 100); break;
    case ThreadActivity::starved: std::snprintf(text, sizeof text, "ready to run, but given no CPU"); break;
    case ThreadActivity::blocked: std::snprintf(text, sizeof text, "asleep"); break;
  }
  return text;
}

std::string describe_thread(const ThreadState& thread, const ThreadWatch& watch) {
  const lab::detail::OpSite op = thread.op.get();
  std::string where;
  if (op.kind == lab::detail::OpKind::none) {
    where = "not in a lab:: operation";
  } else if (thread.op.inside.load(std::memory_order_relaxed)) {
    where = "in " + describe_site(op);
  } else {
    where = "last lab:: operation " + describe_site(op);
  }
  return "  " + thread.name + ": " + where + " — " + activity_text(watch);
}

std::string period_text(std::chrono::milliseconds period) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g s", static_cast<double>(period.count()) / 1000.0);
  return text;
}

std::string headline(std::chrono::milliseconds stalled, StallKind kind, const std::vector<ThreadWatch>& threads,
                     const std::string& lab_headline) {
  const std::string prefix = "No progress for " + period_text(stalled) + ": ";
  if (kind == StallKind::deadlock && !lab_headline.empty()) return prefix + "deadlock — " + lab_headline;
  if (kind == StallKind::deadlock) {
    if (const std::string cycle = wait_cycle(); !cycle.empty()) return prefix + "deadlock — a cycle of waits: " + cycle;
    return prefix + "deadlock — every thread is asleep (a lost wake-up?)";
  }
  if (kind == StallKind::livelock) {
    const auto busy = std::count_if(threads.begin(), threads.end(),
                                    [](const ThreadWatch& t) { return activity_of(t) == ThreadActivity::busy; });
    return prefix + "livelock — threads are spinning (" + std::to_string(busy) + " of " +
           std::to_string(threads.size()) + " burn CPU without getting anywhere)";
  }
  return prefix + "the test's threads were ready to run but the machine gave them no CPU (an overloaded grader, "
                  "not your code)";
}

// The student line to point at: the first thread whose latest lab:: operation is in student code.
void point_at_student_site(Finding& finding, const std::vector<std::shared_ptr<ThreadState>>& threads) {
  for (const auto& thread : threads) {
    const lab::detail::OpSite op = thread->op.get();
    if (op.kind != lab::detail::OpKind::none && !is_harness_file(op.file)) {
      finding.file = op.file;
      finding.line = op.line;
      return;
    }
  }
}

}  // namespace

StallSampler::StallSampler() : start_(std::chrono::steady_clock::now()) {
  for (auto& thread : watched_threads()) {
    const auto cpu = thread->cpu_time();
    threads_.push_back({std::move(thread), cpu, {}});
  }
}

void StallSampler::sample() {
  for (Watched& w : threads_) {
    const char state = scheduler_state(w.thread->tid.load(std::memory_order_relaxed));
    if (state == 0) continue;
    ++w.watch.samples;
    w.watch.runnable_samples += state == 'R' ? 1 : 0;
  }
}

StallReport StallSampler::finish(std::chrono::milliseconds stalled, bool progressed, bool last_chance) {
  const auto elapsed = std::max(since(start_), std::chrono::nanoseconds(1));
  std::vector<ThreadWatch> watches;
  for (Watched& w : threads_) {
    const auto used = w.thread->cpu_time() - w.cpu_before;
    w.watch.cpu_share = static_cast<double>(used.count()) / static_cast<double>(elapsed.count());
    watches.push_back(w.watch);
  }
  StallReport report{judge_stall(progressed, watches), {}};
  if (report.kind == StallKind::progressed || (report.kind == StallKind::inconclusive && !last_chance)) return report;
  // Out of patience with starved threads: the verdict is the machine's, never the student's.
  const StallExplanation lab = explain_stall();
  report.finding = {report.kind == StallKind::inconclusive ? "overload" : "watchdog",
                    headline(stalled, report.kind, watches, lab.headline), "", 0};
  for (std::size_t i = 0; i < threads_.size(); ++i) report.finding.message += "\n" + describe_thread(*threads_[i].thread, watches[i]);
  report.finding.message += describe_wait_notes();
  report.finding.message += lab.details;
  std::vector<std::shared_ptr<ThreadState>> threads;
  for (const Watched& w : threads_) threads.push_back(w.thread);
  point_at_student_site(report.finding, threads);
  return report;
}

}  // namespace harness
