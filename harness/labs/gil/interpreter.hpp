// The interpreter loop of the gil lab (CPython's ceval) and the trace of one run: holds, takes, drop requests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <harness/gil.hpp>

#include "gil_api.hpp"

namespace gil_lab {

using harness::gil::vtime;
inline constexpr vtime kUs = 1000;
inline constexpr vtime kMs = 1000 * kUs;

// One interpreter thread's program. CPU-bound: `steps` bytecode steps. I/O-bound: `ios` times a
// blocking I/O call of `io_time` (the GIL released around it, Py_BEGIN_ALLOW_THREADS), then
// `work_steps` steps to handle what arrived (Beazley's I/O thread next to CPU-bound ones).
struct ThreadPlan {
  std::string name;
  int steps = 0;
  int ios = 0;
  int work_steps = 0;
  vtime io_time = 0;
  bool io_bound() const { return ios > 0; }
};

struct Scenario {
  std::string title;
  GilKind kind = GilKind::new_gil;
  harness::gil::Config config;
  std::vector<ThreadPlan> threads;
};

// Shorthands for the tests' workloads.
ThreadPlan cpu_bound(std::string name, int steps);
ThreadPlan io_bound(std::string name, int ios, vtime io_time = 1 * kMs, int work_steps = 10);

// One stretch of time a thread held the GIL, from take() returning to drop() being called.
struct Hold {
  int thread;
  vtime from, to;
  int steps;
  bool ended_by_breaker;  // eval_breaker said drop (else: I/O or the end of the thread)
};

// One call of take(): when it was called and returned, the virtual CPU the caller used inside it.
struct Take {
  int thread;
  vtime called, returned, cpu;
  harness::gil::Site poll_site;  // the thread's last lab::gil call / cpu_relax when take returned
};

// eval_breaker returning true: the holder was told to drop.
struct Breaker {
  int thread;
  vtime at, held_since;
  std::size_t next_take;  // index in RunTrace::takes of the take that follows it
  std::vector<int> waiting;  // threads inside take() at that moment
};

// An I/O-bound thread's I/O completed at `ready`; it held the GIL again at `got`.
struct Response {
  int thread;
  vtime ready, got;
};

struct RunTrace {
  Scenario scenario;
  std::vector<Hold> holds;
  std::vector<Take> takes;
  std::vector<Breaker> breakers;
  std::vector<Response> responses;
  std::vector<int> steps;                   // per thread, in total
  std::vector<int> steps_before_first_exit;  // per thread, when the first thread finished
  std::vector<vtime> finished_at;            // per thread
  std::vector<std::vector<int>> breaker_gaps;  // per thread: steps it ran between two breakers (or from its take)
  std::vector<int> global_breaker_gaps;        // steps run by anyone between consecutive breakers
  std::optional<std::string> exclusion;  // the first violation of mutual exclusion, described
  vtime end = 0;
};

// Runs `scenario` on a fresh GIL of the submission and returns its trace. A deadlock ends the test
// (a finding naming each thread's wait).
RunTrace run_scenario(const Scenario& scenario);

}  // namespace gil_lab
