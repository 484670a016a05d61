// The controlled scheduler's internal interface: hooks for lab:: operations, strategies and one schedule's outcome.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/findings.hpp"
#include "lab/op_site.hpp"

namespace testing {
class TestPartResultArray;
}

namespace harness::controlled {

// At most this many threads (the main thread included) take part in one schedule: a choice set is a bit mask.
inline constexpr int kMaxThreads = 52;

// ---- Hooks called by the lab:: layer and TestThread (no-ops unless a schedule runs in this process) ----

// True while this process runs one schedule (only in the forked child of a controlled test).
bool active() noexcept;
// True when the calling thread takes part in the running schedule and another participant has not
// finished yet (so that something could race with its plain memory accesses).
bool others_unfinished() noexcept;
// A scheduling point: the calling thread waits here until the strategy picks it, then performs `site`.
void at_point(const lab::detail::OpSite& site) noexcept;
// The result of the atomic operation the calling thread just performed, for the trace.
void after_op(std::uint64_t before, std::uint64_t after, std::uint64_t expected, bool ok) noexcept;
// futex_wait modelled in the scheduler: blocks the caller until a futex_wake on `word`, a spurious wake-up
// chosen by the strategy, or (timed waits) a time-out when nothing else can run. Returns false on time-out.
bool futex_wait(void* word, std::uint32_t expected, const lab::detail::OpSite& site, bool timed) noexcept;
// futex_wake modelled in the scheduler: readies up to `count` waiters of `word` in FIFO order.
int futex_wake(void* word, int count, const lab::detail::OpSite& site) noexcept;
// Called by the creator of a TestThread: the new thread's id in this schedule (-1 when none is active).
int add_thread(const std::string& name);
// Called first and last on the new thread itself.
void thread_started(int id) noexcept;
void thread_finished() noexcept;
// Called by a thread before it joins thread `id`: waits in the scheduler until `id` has finished.
void join(int id) noexcept;

// ---- Strategies ----

// What the strategy sees at one scheduling decision.
struct Decision {
  long step = 0;              // 0-based index of this decision in the schedule
  std::uint64_t ready = 0;    // threads that can run (bit i: thread i)
  std::uint64_t blocked = 0;  // threads asleep in futex_wait: choosing one is a spurious wake-up
  int current = -1;           // the thread chosen at the previous decision
  int fallback = -1;          // the default choice: current unless it yields or cannot run, else round-robin
  bool current_yields = false;  // current's next operation is cpu_relax or yield
};

// Picks the thread to run at each decision. One object per schedule.
class Strategy {
 public:
  virtual ~Strategy() = default;
  // Returns a thread whose bit is set in ready | blocked, or -1 when the schedule cannot be followed.
  virtual int choose(const Decision& decision) = 0;
  virtual void on_new_thread(int /*id*/) {}
};

struct Deviation {
  long step;
  int thread;
};

std::unique_ptr<Strategy> random_walk(std::uint64_t seed);
// PCT with `depth` (d >= 1): d-1 priority change points among the first `estimated_steps` steps.
std::unique_ptr<Strategy> pct(std::uint64_t seed, int depth, long estimated_steps);
// Follows the default choice except at the listed steps. `strict`: a listed thread that cannot run there
// ends the schedule as diverged; otherwise that deviation is skipped.
std::unique_ptr<Strategy> replay(std::vector<Deviation> deviations, bool strict);

// ---- Schedule strings ("1:12b3a": version, then per deviation the step delta and the thread letter) ----

std::string encode_schedule(const std::vector<Deviation>& deviations);
// False (with `error`) when the text is not a schedule string.
bool decode_schedule(const std::string& text, std::vector<Deviation>& deviations, std::string& error);
char thread_letter(int id) noexcept;

// ---- One schedule ----

// One executed step, for the trace. `note`: what happened besides the operation itself.
enum class Note : std::uint8_t { none, sleeps, value_changed, woken, spurious, timed_out, joined, started };

struct TraceStep {
  long step = 0;
  int thread = 0;
  lab::detail::OpKind kind = lab::detail::OpKind::none;
  std::string file;
  std::uint32_t line = 0;
  std::uintptr_t address = 0;
  std::uintptr_t pc = 0;    // plain accesses: the code address, until symbolize_trace gives file and line
  std::uint64_t value = 0;  // futex expected value / wake count / stored or desired value / access size
  bool has_result = false;
  std::uint64_t before = 0, after = 0, expected = 0;
  bool ok = true;
  Note note = Note::none;
  bool preempted = false;  // the previous thread could have continued
};

struct RunRequest {
  std::function<std::unique_ptr<Strategy>()> make_strategy;
  long step_bound = 20000;
  bool trace = false;
  bool decisions = false;  // report every decision (bounded search)
};

struct RunOutcome {
  bool failed = false;
  bool diverged = false;
  std::string kind;  // "deadlock", "livelock", "check", "usage", "exception", "crash"
  std::vector<Finding> findings;
  long steps = 0;
  int preemptions = 0;
  std::vector<Deviation> deviations;
  std::vector<Decision> decisions;
  std::vector<std::string> thread_names;
  std::vector<TraceStep> trace;
};

// Runs `body` once under the scheduler in a forked child and returns what happened.
RunOutcome run_schedule(const RunRequest& request, const std::function<void()>& body);

// In the child (controlled_scheduler.cpp): makes the calling thread the schedule's thread 0 ("main
// thread"); the outcome goes to `out_fd` when the schedule ends. `gtest_failures` holds the assertion
// failures GoogleTest intercepted in this child.
void begin_schedule(const RunRequest& request, int out_fd, const ::testing::TestPartResultArray* gtest_failures);
// In the child, after the body returned: ends the schedule (pass, or fail on findings) and exits.
[[noreturn]] void end_schedule_after_body();

// The child-to-parent protocol (controlled_protocol.cpp): one JSON document per schedule.
std::string outcome_to_text(const RunOutcome& outcome);
bool outcome_from_text(const std::string& text, RunOutcome& outcome);
// Writes the outcome to `fd` and ends the child process at once (its threads may be asleep forever).
[[noreturn]] void deliver_and_exit(int fd, const RunOutcome& outcome);

// Gives the trace's plain accesses the student's file and line, from their code addresses (addr2line;
// left without a line when it cannot tell), and leaves out our code's reads of a std::source_location
// inlined into the student's (not their accesses; they race with nothing). Call in the process that ran
// the schedule or its parent.
void symbolize_trace(std::vector<TraceStep>& trace);

// The per-thread text table of a traced outcome (docs/controlled.md, "The trace").
std::string format_trace(const RunOutcome& outcome);
// One operation as the student wrote it, with its values: "state_.compare_exchange(0→1) ok".
std::string step_text(const TraceStep& step);
// "futex_wait(state_, 2) at locks.cpp:80", for deadlock and livelock messages.
std::string site_text(const lab::detail::OpSite& site);

// Searches, minimizes and reports as harness::explore describes (controlled_search.cpp).
void explore_controlled(const std::function<void()>& body);

// ---- Options (--lab-strategy etc., see docs/controlled.md) ----

struct Options {
  std::string strategy = "pct";  // random | pct | bounded
  long schedules = 2000;
  long budget_ms = 20000;
  int pct_depth = 3;
  long step_bound = 20000;
  std::string schedule;  // replay this schedule string instead of searching
  bool one_cpu = true;   // --lab-cpus=one|all: run the search on one CPU (cpu_pin.hpp); `all` for benches
};
Options& options() noexcept;
// Applies one --lab-* argument if it is a controlled-mode option: false when it is not one; `error` set
// when it is one but malformed.
bool apply_option(const std::string& arg, std::string& error);

}  // namespace harness::controlled
