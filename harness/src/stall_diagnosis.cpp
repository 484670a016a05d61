// Explains a stall: which threads sleep or spin, and in which lab:: operation at which line.
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "evidence.hpp"
#include "thread_registry.hpp"
#include "wait_notes.hpp"
#include "watchdog.hpp"

namespace harness {
namespace {

// Below this share of one CPU a thread counts as asleep; a spinner on a crowded half-CPU grader still
// gets several percent.
constexpr double kAsleepBelow = 0.02;

struct ThreadSample {
  std::shared_ptr<ThreadState> thread;
  double cpu_share = 0;
  bool asleep() const { return cpu_share < kAsleepBelow; }
};

std::vector<ThreadSample> sample_cpu(std::chrono::milliseconds sample) {
  std::vector<ThreadSample> samples;
  std::vector<std::chrono::nanoseconds> before;
  for (auto& thread : live_threads()) {
    before.push_back(thread->cpu_time());
    samples.push_back({thread, 0});
  }
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(sample);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto used = samples[i].thread->cpu_time() - before[i];
    samples[i].cpu_share = static_cast<double>(used.count()) / static_cast<double>(elapsed.count());
  }
  return samples;
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

std::string describe_thread(const ThreadSample& sample) {
  const lab::detail::OpSite op = sample.thread->op.get();
  std::string where;
  if (op.kind == lab::detail::OpKind::none) {
    where = "not in a lab:: operation";
  } else if (sample.thread->op.inside.load(std::memory_order_relaxed)) {
    where = "in " + describe_site(op);
  } else {
    where = "last lab:: operation " + describe_site(op);
  }
  char cpu[64];
  if (sample.asleep()) {
    std::snprintf(cpu, sizeof(cpu), "asleep");
  } else {
    std::snprintf(cpu, sizeof(cpu), "burning CPU (%.0f %%)", sample.cpu_share * 100);
  }
  return "  " + sample.thread->name + ": " + where + " — " + cpu;
}

std::string period_text(std::chrono::milliseconds period) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g s", static_cast<double>(period.count()) / 1000.0);
  return text;
}

std::string headline(std::chrono::milliseconds stalled, const std::vector<ThreadSample>& samples) {
  std::size_t spinning = 0;
  for (const auto& sample : samples) spinning += sample.asleep() ? 0 : 1;
  const std::string prefix = "No progress for " + period_text(stalled) + ": ";
  if (spinning == 0) {
    if (const std::string cycle = wait_cycle(); !cycle.empty()) return prefix + "deadlock — a cycle of waits: " + cycle;
    return prefix + "deadlock — every thread is asleep (a lost wake-up?)";
  }
  return prefix + "livelock — threads are spinning (" + std::to_string(spinning) + " of " +
         std::to_string(samples.size()) + " burn CPU without getting anywhere)";
}

// The student line to point at: the first thread whose latest lab:: operation is in student code.
void point_at_student_site(Finding& finding, const std::vector<ThreadSample>& samples) {
  for (const auto& sample : samples) {
    const lab::detail::OpSite op = sample.thread->op.get();
    if (op.kind != lab::detail::OpKind::none && !is_harness_file(op.file)) {
      finding.file = op.file;
      finding.line = op.line;
      return;
    }
  }
}

}  // namespace

Finding diagnose_stall(std::chrono::milliseconds stalled, std::chrono::milliseconds sample) {
  const std::vector<ThreadSample> samples = sample_cpu(sample);
  Finding finding{"watchdog", headline(stalled, samples), "", 0};
  for (const auto& thread_sample : samples) finding.message += "\n" + describe_thread(thread_sample);
  finding.message += describe_wait_notes();
  point_at_student_site(finding, samples);
  return finding;
}

}  // namespace harness
