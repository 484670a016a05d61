// Pins the calling thread to one CPU, the idlest, for the controlled scheduler's one-at-a-time threads.
#pragma once

#include <sched.h>

#include <chrono>
#include <cstdint>
#include <map>

namespace harness {

// While it exists, the calling thread, and every thread and child process it starts meanwhile, may run
// only on one CPU; the destructor restores the previous CPU set. The controlled scheduler runs one
// thread at a time, so its threads lose no parallelism on one CPU, and each scheduling step becomes a
// switch on that CPU instead of a wake-up sent to another one: about 30% fewer seconds per search on an
// idle 2-core VM, 3-6 times fewer when the other CPU is busy (bench/controlled_cpus.sh, bench/RESULTS.md).
//
// The CPU is the one of the thread's CPUs that was idle longest over a short sample of /proc/stat, or
// the current one when /proc/stat cannot tell. Two searches that start together may still take the
// same CPU: rebalance(), called between schedules, moves a search that gets much less than its CPU
// while another of its CPUs idles (with probability 1/2, so that two such searches part). Threads
// started earlier (the watchdog) keep their CPUs. Does nothing when the thread already runs on one CPU
// only, or when the kernel refuses (a sandbox that filters sched_setaffinity).
class CpuPin {
 public:
  CpuPin();
  ~CpuPin();
  CpuPin(const CpuPin&) = delete;
  CpuPin& operator=(const CpuPin&) = delete;

  bool pinned() const { return pinned_; }
  // Cheap unless a check is due (every kRecheck): see the class comment.
  void rebalance();

 private:
  bool pin_to(int cpu);

  cpu_set_t previous_;
  bool pinned_ = false;
  int cpu_ = -1;
  std::chrono::steady_clock::time_point last_check_;
  std::chrono::nanoseconds last_cpu_time_{0};
  std::map<int, long long> last_idle_;
  std::uint64_t coin_;
};

}  // namespace harness
