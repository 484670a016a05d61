// The gil lab's virtual-time multicore: interpreter threads run one at a time, smallest virtual clock first.
//
// A graded test describes its threads as bodies; VirtualMachine::run starts each on a real thread and
// passes a baton between them so that exactly one runs at a time: always the runnable thread with the
// smallest clock (ties: the lower id), or a timed wait whose deadline comes first. Steps, I/O and the
// lab::gil calls of <lab/gil.hpp> are the only places where the baton moves, so a run is a pure function
// of the submission: the same figures on any machine and under load. Every thread blocked with no
// deadline is a deadlock: the test ends with a finding naming each thread's wait and line.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lab/gil.hpp"

namespace harness::gil {

using vtime = std::int64_t;  // virtual nanoseconds

// The fixed costs of the machine (documented in <lab/gil.hpp>).
inline constexpr vtime kStepCost = 5'000;
inline constexpr vtime kCallCost = 100;
inline constexpr vtime kWakeLatency = 20'000;
inline constexpr vtime kRelaxCost = 500;
inline constexpr vtime kSpuriousReturn = 1'000;  // a spurious wake-up returns this soon (sooner than a real one)

struct Config {
  std::chrono::microseconds switch_interval{5000};
  int check_interval = 100;
  // Every third wait of each thread returns at once, as if woken spuriously (pthreads allow it).
  bool spurious_wakeups = false;
  // Real threads instead of the baton (the tsan tests): every thread runs at once, lab::gil::Mutex and
  // Cond are a std::mutex and std::condition_variable (ThreadSanitizer sees their ordering), wait_for
  // waits real time, io() sleeps for real. Races between plain statements of a GIL show up only here.
  // Nothing is deterministic in this mode but the verdict: now() is real time, not a figure to assert on.
  bool real_threads = false;
};

// Where a thread is, as of its last lab::gil call or lab::cpu_relax/yield: for findings.
struct Site {
  std::string what;  // e.g. "Cond::wait_for", "Mutex::lock", "lab::cpu_relax"
  std::string file;
  std::uint32_t line = 0;
  std::string describe() const;  // "Cond::wait_for at gil.cpp:42"
};

class VirtualMachine;

// The calling interpreter thread, as its body sees it. Use only on that thread.
class Thread {
 public:
  lab::gil::ThreadState& state() noexcept;
  int id() const noexcept;
  const std::string& name() const noexcept;
  vtime now() const noexcept;  // this thread's virtual clock (real_threads: real ns since the run began)
  vtime cpu() const noexcept;  // virtual CPU time this thread has used (steps, calls, polling)
  void step();                 // one bytecode step: kStepCost of CPU
  void io(vtime duration);     // a blocking I/O call: asleep for `duration`, no CPU
  Site last_site() const;      // its last lab::gil call or cpu_relax/yield
  Site last_poll_site() const;  // its last cpu_relax/yield (empty `what` if none)
  std::vector<Site> sites_by_thread() const;  // every thread's last site, by id (for findings)

  struct Impl;  // the harness's record of the thread (opaque here)

 private:
  explicit Thread(Impl* impl) noexcept : impl_(impl) {}
  Impl* impl_;
};

// One run of interpreter threads. Not reentrant: one machine runs at a time in a process.
class VirtualMachine {
 public:
  explicit VirtualMachine(Config config);
  ~VirtualMachine();
  VirtualMachine(const VirtualMachine&) = delete;
  VirtualMachine& operator=(const VirtualMachine&) = delete;

  struct ThreadSpec {
    std::string name;
    std::function<void(Thread&)> body;
  };
  // Runs every body on its own thread, one at a time in virtual-time order, until all have returned.
  // A deadlock ends the test process with a finding (exit status 3).
  void run(std::vector<ThreadSpec> threads);

  vtime end_time() const noexcept;  // the largest clock of a finished thread

  struct State;  // the harness's scheduler state (opaque here)

 private:
  std::unique_ptr<State> state_;
};

}  // namespace harness::gil
