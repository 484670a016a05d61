// The watchdog's judgement of a stall, from what it saw of each watched thread during a confirmation window.
#pragma once

#include <vector>

namespace harness {

// One watched thread over a confirmation window: its CPU use and its scheduler state (/proc) samples.
struct ThreadWatch {
  double cpu_share = 0;      // CPU time the thread used / the window's length
  int samples = 0;           // state readings taken (0: /proc was not readable)
  int runnable_samples = 0;  // readings in state R: running, or ready and waiting for a CPU
};

// busy: used CPU (spins). blocked: slept through the window (futex, sleep). starved: ready to run most of
// the window yet given (almost) no CPU, which says nothing about the code, only that the machine is full.
enum class ThreadActivity { busy, blocked, starved };

// At or above this share of one CPU a thread is busy: a spinner on a crowded half-CPU grader still gets
// several percent, a sleeper woken now and then by a timer far less.
inline constexpr double kBusyShare = 0.02;
// A thread in state R in more than this fraction of the readings, without using CPU, is starved.
inline constexpr double kStarvedAbove = 0.2;

ThreadActivity activity_of(const ThreadWatch& thread);

// progressed: the progress counter moved during the window; no stall. inconclusive: some thread was
// starved; judge again later. deadlock: every thread stayed blocked. livelock: threads used CPU and none
// progressed.
enum class StallKind { progressed, inconclusive, deadlock, livelock };

StallKind judge_stall(bool progressed, const std::vector<ThreadWatch>& threads);

}  // namespace harness
