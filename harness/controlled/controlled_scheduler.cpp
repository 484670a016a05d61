// The controlled scheduler: one thread runs at a time; every lab:: operation is a decision of the strategy.
//
// Each participant (the main thread, every TestThread) is in one state:
//
//   state    | meaning                                         | leaves it when
//   ---------+-------------------------------------------------+------------------------------------------
//   running  | executing natively between two lab:: operations | it reaches an operation, sleeps or ends
//   ready    | waiting at a scheduling point                   | the strategy picks it
//   futex    | asleep in futex_wait on a word                  | futex_wake, or a spurious pick
//   joining  | waiting for another thread to finish            | that thread finishes
//   finished | done                                            | never
//
// A decision is made only when no participant is running, so the set of threads that can be picked, and
// hence the schedule, depends on the strategy's choices alone, never on the OS. Normally exactly one
// participant runs; a new thread runs natively (alongside its creator) until its first lab:: operation.
#include <gtest/gtest-spi.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>

#include "controlled_runtime.hpp"
#include "evidence.hpp"
#include "findings_store.hpp"

namespace harness::controlled {
namespace {

using lab::detail::OpKind;
using lab::detail::OpSite;

enum class State : std::uint8_t { running, ready, futex, joining, finished };

struct Participant {
  Participant(int thread_id, std::string thread_name) : id(thread_id), name(std::move(thread_name)) {}
  const int id;
  const std::string name;
  State state = State::running;
  OpSite pending;            // the operation it performs when picked
  Note pending_note = Note::none;
  const void* futex_word = nullptr;
  bool timed = false;
  bool timed_out = false;
  int join_target = -1;
  long trace_index = -1;  // its latest step in the trace
  std::atomic<std::uint32_t> baton{0};
  int spin_skips = 0;  // waits left before it spins again (touched by its own thread only)
};

struct Schedule {
  std::mutex mutex;
  std::vector<std::unique_ptr<Participant>> threads;
  int running = 0;
  int current = -1;
  RunRequest request;
  std::unique_ptr<Strategy> strategy;
  RunOutcome outcome;
  std::map<const void*, std::deque<int>> futex_queues;
  int out_fd = -1;
  const ::testing::TestPartResultArray* gtest_failures = nullptr;
  std::size_t findings_at_start = 0;
  std::atomic<int> unfinished{0};  // participants not finished yet, read without the mutex
};

std::atomic<Schedule*> g_schedule{nullptr};
thread_local Participant* t_self = nullptr;

// ---- The baton: a per-thread binary semaphore on a futex word ----
//
//   baton | meaning
//   ------+------------------------------------------------------------
//     0   | no baton; the owner is running or spinning for it
//     1   | given; the owner takes it (back to 0) and runs
//     2   | no baton; the owner sleeps in the kernel (the giver must wake it)
//
// The giver makes a system call only for a sleeper. A waiter first spins briefly (about 3 µs), so that
// a quick hand-over back and forth (the random walk switches at about every other point) costs no
// system call and no wake-up latency. At most one thread per spare core spins at a time: a spinner must
// never take the CPU the baton holder needs. A spin that missed means the giver is slow (or descheduled
// on a busy machine): the next few waits sleep at once instead of burning a CPU somebody else may need.
// Except after waking a sleeper: then the wait is long because the partner wakes up slowly (tens of µs
// on an idle virtual CPU), not because the machine is busy, so the waiter spins longer and keeps
// spinning next time. Otherwise one sleeper makes the other miss, sleep, and make the first miss in turn,
// and the pair never gets back to spinning (bench/RESULTS.md, bench/controlled_overhead.sh).
constexpr int kBatonSpins = 256;   // about 3 µs at 11 ns a pause (bench/RESULTS.md)
constexpr int kSkipsAfterMiss = 8;
constexpr int kSlotSpins = 64;
constexpr int kWakeSpins = 4096;   // about 50 µs: an idle virtual CPU's wake-up

std::atomic<int> g_spinners{0};
int g_max_spinners = 0;  // set by begin_schedule: the usable cores minus the one the baton holder runs on

int usable_cores() noexcept {
  cpu_set_t set;
  return ::sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
}

bool take_baton(Participant& self) noexcept {
  if (self.baton.load(std::memory_order_acquire) != 1) return false;
  self.baton.store(0, std::memory_order_relaxed);
  return true;
}

void cpu_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// A spinner slot, if one is free within kSlotSpins pauses. Waiting for it matters: a thread that hands
// the baton to a spinner and waits at once finds the slot still held by the spinner it just woke, which
// gives it up a few instructions later; without this wait, that thread would always sleep.
bool take_spinner_slot() noexcept {
  if (g_max_spinners <= 0) return false;  // one core: the baton holder needs it
  for (int spin = 0;; ++spin) {
    int spinners = g_spinners.load(std::memory_order_relaxed);
    while (spinners < g_max_spinners) {
      if (g_spinners.compare_exchange_weak(spinners, spinners + 1, std::memory_order_relaxed)) return true;
    }
    if (spin == kSlotSpins) return false;
    cpu_pause();
  }
}

// Spins for the baton if a spinner slot is free; true when it got the baton that way.
bool spin_for_baton(Participant& self, bool woke_sleeper) noexcept {
  if (self.spin_skips > 0 && !woke_sleeper) {
    --self.spin_skips;
    return false;
  }
  if (!take_spinner_slot()) return false;
  bool taken = false;
  const int spins = woke_sleeper ? kWakeSpins : kBatonSpins;
  for (int spin = 0; spin < spins && !(taken = take_baton(self)); ++spin) cpu_pause();
  g_spinners.fetch_sub(1, std::memory_order_relaxed);
  if (!taken && !woke_sleeper) self.spin_skips = kSkipsAfterMiss;
  return taken;
}

void baton_wait(Participant& self, bool woke_sleeper) noexcept {
  if (take_baton(self) || spin_for_baton(self, woke_sleeper)) return;
  for (;;) {
    std::uint32_t seen = self.baton.load(std::memory_order_acquire);
    if (seen == 1) {
      self.baton.store(0, std::memory_order_relaxed);
      return;
    }
    if (seen == 0 && !self.baton.compare_exchange_strong(seen, 2, std::memory_order_acquire)) continue;
    ::syscall(SYS_futex, &self.baton, FUTEX_WAIT_PRIVATE, 2, nullptr, nullptr, 0);
  }
}

bool baton_give(Participant& to) noexcept {
  if (to.baton.exchange(1, std::memory_order_release) != 2) return false;
  ::syscall(SYS_futex, &to.baton, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  return true;
}

// ---- Ending a schedule ----

std::string describe_participant(const Schedule& s, const Participant& p) {
  switch (p.state) {
    case State::futex: return p.name + " sleeps in " + site_text(p.pending);
    case State::joining:
      return p.name + " waits for " + s.threads[static_cast<std::size_t>(p.join_target)]->name + " to finish";
    case State::ready: return p.name + " is about to do " + site_text(p.pending);
    case State::running: return p.name + " is running";
    case State::finished: return p.name + " has finished";
  }
  return p.name;
}

std::string thread_lines(const Schedule& s) {
  std::string text;
  for (const auto& p : s.threads) {
    if (p->state != State::finished) text += "\n  " + describe_participant(s, *p);
  }
  return text;
}

// The first student line among the threads' pending operations (harness lines are no help to a student).
void point_at_student(const Schedule& s, Finding& finding) {
  for (const auto& p : s.threads) {
    if (p->state == State::finished || p->pending.file == nullptr || is_harness_file(p->pending.file)) continue;
    finding.file = p->pending.file;
    finding.line = p->pending.line;
    return;
  }
}

bool body_reported_failure(const Schedule& s) {
  if (s.gtest_failures != nullptr && s.gtest_failures->size() > 0) return true;
  return s.findings_at_start == 0 ? has_findings() : findings_snapshot().size() > s.findings_at_start;
}

// Whether the body has reported only usage errors so far. A broken primitive often misuses itself as a
// consequence (the second holder's unlock finds the lock unlocked); the schedule then goes on, so that
// the test's own checks can report the cause (two threads inside) before it.
bool only_usage_reported(const Schedule& s) {
  const std::vector<Finding> all = findings_snapshot();
  if (all.size() <= s.findings_at_start) return false;
  return std::all_of(all.begin() + static_cast<long>(s.findings_at_start), all.end(),
                     [](const Finding& f) { return f.kind == "usage"; });
}

// Cause first: what the test's checks saw, then exceptions, then misuse, then the rest.
int cause_rank(const Finding& f) {
  if (f.kind == "check") return 0;
  if (f.kind == "exception") return 1;
  if (f.kind == "usage") return 2;
  return 3;
}

// Copies what the test body reported (harness findings, else GoogleTest assertion failures), cause first.
void collect_body_findings(Schedule& s) {
  const std::vector<Finding> all = findings_snapshot();
  for (std::size_t i = s.findings_at_start; i < all.size(); ++i) s.outcome.findings.push_back(all[i]);
  std::stable_sort(s.outcome.findings.begin(), s.outcome.findings.end(),
                   [](const Finding& a, const Finding& b) { return cause_rank(a) < cause_rank(b); });
  if (!s.outcome.findings.empty() || s.gtest_failures == nullptr) return;
  for (int i = 0; i < s.gtest_failures->size(); ++i) {
    const ::testing::TestPartResult& part = s.gtest_failures->GetTestPartResult(i);
    s.outcome.findings.push_back({"check", part.message(), part.file_name() ? part.file_name() : "",
                                  static_cast<std::uint32_t>(std::max(0, part.line_number()))});
  }
}

[[noreturn]] void finish(Schedule& s, bool failed, std::string kind) {
  s.outcome.failed = failed;
  s.outcome.kind = std::move(kind);
  for (const auto& p : s.threads) s.outcome.thread_names.push_back(p->name);
  deliver_and_exit(s.out_fd, s.outcome);
}

[[noreturn]] void end_on_body_failure(Schedule& s);

// A stall (deadlock, livelock) after the body reported a misuse is that misuse's consequence: the
// body's findings are the failure. A schedule that does not fit the test ("diverged") is never that.
[[noreturn]] void fail_with(Schedule& s, const std::string& kind, const std::string& message) {
  if (kind != "diverged" && body_reported_failure(s)) end_on_body_failure(s);
  Finding finding{"watchdog", message + thread_lines(s), "", 0};
  point_at_student(s, finding);
  s.outcome.findings.push_back(finding);
  finish(s, true, kind);
}

[[noreturn]] void end_on_body_failure(Schedule& s) {
  collect_body_findings(s);
  finish(s, true, s.outcome.findings.empty() ? "check" : s.outcome.findings.front().kind);
}

// ---- Decisions ----

int next_ready_after(const Schedule& s, int from, std::uint64_t ready) {
  const int n = static_cast<int>(s.threads.size());
  for (int k = 1; k <= n; ++k) {
    const int id = (from + k) % n;
    if (ready >> id & 1) return id;
  }
  return -1;
}

Decision make_decision(const Schedule& s) {
  Decision d;
  d.step = s.outcome.steps;
  d.current = s.current;
  for (const auto& p : s.threads) {
    if (p->state == State::ready) d.ready |= std::uint64_t{1} << p->id;
    if (p->state == State::futex) d.blocked |= std::uint64_t{1} << p->id;
  }
  const bool current_ready = d.current >= 0 && (d.ready >> d.current & 1);
  if (current_ready) {
    const OpKind kind = s.threads[static_cast<std::size_t>(d.current)]->pending.kind;
    d.current_yields = kind == OpKind::cpu_relax || kind == OpKind::yield;
  }
  // Default: keep running the current thread; a yielding or stopped one hands over round-robin.
  d.fallback = current_ready && !d.current_yields ? d.current : next_ready_after(s, std::max(d.current, 0), d.ready);
  if (d.fallback < 0 && d.ready != 0) d.fallback = __builtin_ctzll(d.ready);
  return d;
}

// Nothing can run: a timed waiter times out (the lowest id), else every live thread is stuck.
void handle_nothing_ready(Schedule& s) {
  for (const auto& p : s.threads) {
    if (p->state == State::futex && p->timed) {
      std::erase(s.futex_queues[p->futex_word], p->id);
      p->state = State::ready;
      p->timed_out = true;
      p->pending_note = Note::timed_out;
      return;
    }
  }
  fail_with(s,
            "deadlock",
            "Deadlock: every thread is blocked and none can wake the others (a lost wake-up?), found after " +
                std::to_string(s.outcome.steps) + " scheduling steps:");
}

void record_trace_step(Schedule& s, Participant& p, bool preempted) {
  if (!s.request.trace) return;
  TraceStep t;
  t.step = s.outcome.steps;
  t.thread = p.id;
  t.kind = p.pending.kind;
  t.file = p.pending.file ? p.pending.file : "";
  t.line = p.pending.line;
  t.address = reinterpret_cast<std::uintptr_t>(p.pending.address);
  t.pc = reinterpret_cast<std::uintptr_t>(p.pending.pc);
  t.value = p.pending.value;
  t.note = p.pending_note;
  t.preempted = preempted;
  s.outcome.trace.push_back(std::move(t));
  p.trace_index = static_cast<long>(s.outcome.trace.size()) - 1;
}

// Picks the next thread and marks it running; returns it, to be handed the baton once the mutex is
// released (else it would run straight into the mutex its giver still holds). nullptr: somebody runs.
Participant* dispatch(Schedule& s) {
  if (s.running > 0) return nullptr;
  if (body_reported_failure(s) && !only_usage_reported(s)) end_on_body_failure(s);
  Decision d = make_decision(s);
  if (d.ready == 0) {
    handle_nothing_ready(s);
    d = make_decision(s);
  }
  if (s.outcome.steps >= s.request.step_bound) {
    fail_with(s, "livelock",
              "Livelock: " + std::to_string(s.request.step_bound) +
                  " scheduling steps and the threads still have not finished: they keep spinning or retrying "
                  "without getting anywhere. Where each thread is:");
  }
  const int chosen = s.strategy->choose(d);
  if (chosen < 0 || chosen >= static_cast<int>(s.threads.size()) || !((d.ready | d.blocked) >> chosen & 1)) {
    s.outcome.diverged = true;
    fail_with(s, "diverged", "The schedule string does not fit this test: at step " + std::to_string(d.step) +
                                 " it picks a thread that cannot run there.");
  }
  if (s.request.decisions) s.outcome.decisions.push_back(d);
  if (chosen != d.fallback) s.outcome.deviations.push_back({d.step, chosen});
  const bool preempted = chosen != d.current && d.current >= 0 && (d.ready >> d.current & 1) && !d.current_yields;
  if (preempted) ++s.outcome.preemptions;
  Participant& p = *s.threads[static_cast<std::size_t>(chosen)];
  if (p.state == State::futex) {  // a spurious wake-up, chosen on purpose
    std::erase(s.futex_queues[p.futex_word], p.id);
    p.pending_note = Note::spurious;
  }
  record_trace_step(s, p, preempted);
  ++s.outcome.steps;
  p.state = State::running;
  ++s.running;
  s.current = chosen;
  return &p;
}

// Moves the caller out of `running` into `next` and lets the scheduler pick; returns once picked again.
void stop_and_wait(Schedule& s, Participant& self, std::unique_lock<std::mutex>& lock, State next) {
  self.state = next;
  --s.running;
  Participant* const picked = dispatch(s);
  lock.unlock();
  if (picked == &self) return;  // it goes on: no baton to pass, no wake-up
  const bool woke_sleeper = picked != nullptr && baton_give(*picked);
  baton_wait(self, woke_sleeper);
}

TraceStep* own_trace_step(Schedule& s, const Participant& self) {
  if (!s.request.trace || self.trace_index < 0) return nullptr;
  return &s.outcome.trace[static_cast<std::size_t>(self.trace_index)];
}

}  // namespace

bool active() noexcept { return g_schedule.load(std::memory_order_relaxed) != nullptr; }

// Exact without the mutex: only the one running participant reads it, and the others change it only
// while they run (creating or finishing a thread).
bool others_unfinished() noexcept {
  const Schedule* s = g_schedule.load(std::memory_order_relaxed);
  return s != nullptr && t_self != nullptr && s->unfinished.load(std::memory_order_relaxed) > 1;
}

void begin_schedule(const RunRequest& request, int out_fd, const ::testing::TestPartResultArray* gtest_failures) {
  auto* s = new Schedule;  // lives until the child exits
  s->request = request;
  s->strategy = request.make_strategy();
  s->out_fd = out_fd;
  s->gtest_failures = gtest_failures;
  s->findings_at_start = findings_snapshot().size();
  s->threads.push_back(std::make_unique<Participant>(0, "main thread"));
  s->running = 1;
  s->unfinished.store(1, std::memory_order_relaxed);
  g_max_spinners = usable_cores() - 1;
  s->strategy->on_new_thread(0);
  t_self = s->threads.front().get();
  g_schedule.store(s, std::memory_order_release);
}

void end_schedule_after_body() {
  Schedule& s = *g_schedule.load(std::memory_order_acquire);
  std::unique_lock lock(s.mutex);
  t_self->state = State::finished;
  if (body_reported_failure(s)) end_on_body_failure(s);
  finish(s, false, "");
}

void at_point(const OpSite& site) noexcept {
  Participant* self = t_self;
  Schedule* s = g_schedule.load(std::memory_order_relaxed);
  if (self == nullptr || s == nullptr) return;
  std::unique_lock lock(s->mutex);
  self->pending = site;
  self->pending_note = Note::none;
  stop_and_wait(*s, *self, lock, State::ready);
}

void after_op(std::uint64_t before, std::uint64_t after, std::uint64_t expected, bool ok) noexcept {
  Schedule* s = g_schedule.load(std::memory_order_relaxed);
  if (t_self == nullptr || s == nullptr || !s->request.trace) return;  // the result is only for the trace
  std::lock_guard guard(s->mutex);
  if (TraceStep* step = own_trace_step(*s, *t_self)) {
    step->has_result = true;
    step->before = before;
    step->after = after;
    step->expected = expected;
    step->ok = ok;
  }
}

bool futex_wait(void* word, std::uint32_t expected, const OpSite& site, bool timed) noexcept {
  at_point(site);
  Schedule& s = *g_schedule.load(std::memory_order_relaxed);
  Participant& self = *t_self;
  std::unique_lock lock(s.mutex);
  TraceStep* step = own_trace_step(s, self);
  if (static_cast<std::atomic<std::uint32_t>*>(word)->load(std::memory_order_relaxed) != expected) {
    if (step) step->note = Note::value_changed;
    return true;
  }
  if (step) step->note = Note::sleeps;
  self.futex_word = word;
  self.timed = timed;
  self.timed_out = false;
  s.futex_queues[word].push_back(self.id);
  stop_and_wait(s, self, lock, State::futex);
  return !self.timed_out;
}

int futex_wake(void* word, int count, const OpSite& site) noexcept {
  at_point(site);
  Schedule& s = *g_schedule.load(std::memory_order_relaxed);
  std::lock_guard guard(s.mutex);
  std::deque<int>& queue = s.futex_queues[word];
  int woken = 0;
  while (woken < count && !queue.empty()) {
    Participant& sleeper = *s.threads[static_cast<std::size_t>(queue.front())];
    queue.pop_front();
    sleeper.state = State::ready;
    sleeper.pending_note = Note::woken;
    ++woken;
  }
  if (TraceStep* step = own_trace_step(s, *t_self)) {
    step->has_result = true;
    step->after = static_cast<std::uint64_t>(woken);
  }
  return woken;
}

int add_thread(const std::string& name) {
  Schedule* s = g_schedule.load(std::memory_order_relaxed);
  if (s == nullptr || t_self == nullptr) return -1;
  std::lock_guard guard(s->mutex);
  const int id = static_cast<int>(s->threads.size());
  if (id >= kMaxThreads) {
    s->outcome.findings.push_back({"usage", "controlled mode supports at most " + std::to_string(kMaxThreads) +
                                               " threads per schedule; this test starts more", "", 0});
    finish(*s, true, "usage");
  }
  s->threads.push_back(std::make_unique<Participant>(id, name));
  ++s->running;  // it runs natively until its first lab:: operation
  s->unfinished.fetch_add(1, std::memory_order_relaxed);
  s->strategy->on_new_thread(id);
  return id;
}

void thread_started(int id) noexcept {
  Schedule* s = g_schedule.load(std::memory_order_relaxed);
  if (s == nullptr || id < 0) return;
  std::lock_guard guard(s->mutex);
  t_self = s->threads[static_cast<std::size_t>(id)].get();
}

void thread_finished() noexcept {
  Schedule* s = g_schedule.load(std::memory_order_relaxed);
  Participant* self = t_self;
  if (s == nullptr || self == nullptr) return;
  Participant* picked = nullptr;
  {
    std::lock_guard guard(s->mutex);
    for (const auto& p : s->threads) {
      if (p->state == State::joining && p->join_target == self->id) {
        p->state = State::ready;
        p->pending_note = Note::joined;
      }
    }
    self->state = State::finished;
    --s->running;
    s->unfinished.fetch_sub(1, std::memory_order_relaxed);
    t_self = nullptr;
    picked = dispatch(*s);
  }
  if (picked != nullptr) (void)baton_give(*picked);
}

void join(int id) noexcept {
  Schedule* s = g_schedule.load(std::memory_order_relaxed);
  Participant* self = t_self;
  if (s == nullptr || self == nullptr || id < 0) return;
  std::unique_lock lock(s->mutex);
  if (s->threads[static_cast<std::size_t>(id)]->state == State::finished) return;
  self->join_target = id;
  self->pending = OpSite{};
  stop_and_wait(*s, *self, lock, State::joining);
}

}  // namespace harness::controlled
