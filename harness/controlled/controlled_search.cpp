// harness::explore: the controlled search (random walk, PCT, preemption-bounded), minimization and report.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>

#include "controlled_frontier.hpp"
#include "controlled_results.hpp"
#include "controlled_runtime.hpp"
#include "cpu_pin.hpp"
#include "harness/controlled.hpp"
#include "harness/run_context.hpp"
#include "splitmix.hpp"

#ifndef LAB_CONTROLLED
#define LAB_CONTROLLED 0
#endif

namespace harness::controlled {
namespace {

using Clock = std::chrono::steady_clock;
using Body = std::function<void()>;

// Minimization gets its own small budget: it only polishes a failure already found.
constexpr int kMinimizeRuns = 400;
constexpr auto kMinimizeTime = std::chrono::seconds(10);
// The bounded search stops growing its frontier here (the budget ends it long before, in practice).
constexpr std::size_t kMaxFrontier = 200000;

struct SearchResult {
  std::optional<RunOutcome> failure;
  long schedules = 0;
  long steps = 0;
};

// The search's CPU pin (explore_controlled), checked between schedules for a CPU it shares.
CpuPin* g_pin = nullptr;

RunOutcome run_on_pinned_cpu(const RunRequest& request, const Body& body) {
  if (g_pin != nullptr) g_pin->rebalance();
  return run_schedule(request, body);
}

std::mutex results_mutex;
nlohmann::json g_results;  // guarded by results_mutex

class Budget {
 public:
  explicit Budget(const Options& o) : end_(Clock::now() + std::chrono::milliseconds(o.budget_ms)), runs_(o.schedules) {}
  bool spent(long runs) const { return runs >= runs_ || Clock::now() >= end_; }

 private:
  Clock::time_point end_;
  long runs_;
};

std::uint64_t schedule_seed(long index) {
  return splitmix64(harness::seed() ^ splitmix64(0xc0417011edULL + static_cast<std::uint64_t>(index)));
}

RunRequest request_for(std::function<std::unique_ptr<Strategy>()> make, bool trace = false, bool decisions = false) {
  RunRequest request;
  request.make_strategy = std::move(make);
  request.step_bound = options().step_bound;
  request.trace = trace;
  request.decisions = decisions;
  return request;
}

void count(SearchResult& result, RunOutcome outcome) {
  ++result.schedules;
  result.steps += outcome.steps;
  if (outcome.failed && !outcome.diverged) result.failure = std::move(outcome);
}

SearchResult search_random(const Body& body, const Budget& budget) {
  SearchResult result;
  while (!result.failure && !budget.spent(result.schedules)) {
    const std::uint64_t seed = schedule_seed(result.schedules);
    count(result, run_on_pinned_cpu(request_for([seed] { return random_walk(seed); }), body));
  }
  return result;
}

// PCT needs the schedule's length: the longest one seen so far (a first guess before any).
SearchResult search_pct(const Body& body, const Budget& budget) {
  SearchResult result;
  long estimate = 100;
  const int depth = options().pct_depth;
  while (!result.failure && !budget.spent(result.schedules)) {
    const std::uint64_t seed = schedule_seed(result.schedules);
    RunOutcome outcome = run_on_pinned_cpu(request_for([=] { return pct(seed, depth, estimate); }), body);
    estimate = std::max(estimate, outcome.steps);
    count(result, std::move(outcome));
  }
  return result;
}

// Iterative preemption bounding: every schedule with k preemptions before any with k+1, and within k,
// fewer deviations first (controlled_frontier.hpp), so the first failure found has the fewest preemptions,
// then the fewest deviations. Explores no schedule with `max_deviations` deviations or more.
SearchResult search_bounded(const Body& body, const Budget& budget, std::size_t max_deviations = SIZE_MAX) {
  SearchResult result;
  BoundedFrontier frontier;
  while (!frontier.empty() && !result.failure && !budget.spent(result.schedules)) {
    BoundedFrontier::Entry schedule = frontier.pop();
    const std::vector<Deviation>& deviations = schedule.deviations;
    RunOutcome outcome = run_on_pinned_cpu(request_for([deviations] { return replay(deviations, true); }, false, true), body);
    const long after = deviations.empty() ? -1 : deviations.back().step;
    if (deviations.size() + 1 >= max_deviations) outcome.decisions.clear();
    for (const Decision& d : outcome.decisions) {
      if (d.step <= after || frontier.size() >= kMaxFrontier) continue;
      for (std::uint64_t options = d.ready | d.blocked; options != 0; options &= options - 1) {
        const int thread = __builtin_ctzll(options);
        if (thread == d.fallback) continue;
        std::vector<Deviation> next = deviations;
        next.push_back({d.step, thread});
        frontier.push(std::move(next), schedule.preemptions + deviation_cost(d, thread));
      }
    }
    count(result, std::move(outcome));
  }
  return result;
}

// A failure with fewer deviations, if the bounded search finds one within a small budget.
RunOutcome fewer_deviations(const Body& body, RunOutcome best) {
  if (best.deviations.size() <= 1) return best;
  Options small = options();
  small.schedules = kMinimizeRuns;
  small.budget_ms = std::chrono::duration_cast<std::chrono::milliseconds>(kMinimizeTime).count() / 2;
  SearchResult bounded = search_bounded(body, Budget(small), best.deviations.size());
  const RunOutcome* found = bounded.failure ? &*bounded.failure : nullptr;
  if (found != nullptr && found->kind == best.kind && found->deviations.size() < best.deviations.size() &&
      found->preemptions <= best.preemptions) {
    return std::move(*bounded.failure);
  }
  return best;
}

// Drops deviations one at a time (last first) while the schedule still fails the same way, with no more
// preemptions than before.
RunOutcome minimize(const Body& body, RunOutcome best) {
  const auto end = Clock::now() + kMinimizeTime;
  int runs = 0;
  for (std::size_t i = best.deviations.size(); i-- > 0 && runs < kMinimizeRuns && Clock::now() < end; ++runs) {
    if (i >= best.deviations.size()) continue;
    std::vector<Deviation> fewer = best.deviations;
    fewer.erase(fewer.begin() + static_cast<long>(i));
    RunOutcome candidate = run_on_pinned_cpu(request_for([fewer] { return replay(fewer, false); }), body);
    const std::size_t left = candidate.deviations.size();
    const bool simpler = candidate.preemptions <= best.preemptions &&
                         (left < best.deviations.size() || candidate.preemptions < best.preemptions);
    if (candidate.failed && !candidate.diverged && candidate.kind == best.kind && simpler) best = std::move(candidate);
  }
  return best;
}

RunOutcome traced_replay(const Body& body, const std::vector<Deviation>& deviations) {
  RunOutcome outcome = run_on_pinned_cpu(request_for([deviations] { return replay(deviations, true); }, true), body);
  symbolize_trace(outcome.trace);
  return outcome;
}

void remember(const std::string& strategy, const SearchResult& search, const RunOutcome* failure,
              const std::string& trace) {
  nlohmann::json j = {{"strategy", strategy}, {"schedules_run", search.schedules}, {"steps_run", search.steps}};
  if (failure != nullptr) {
    const std::string schedule = encode_schedule(failure->deviations);
    j["schedule"] = schedule;
    j["replay_option"] = "--lab-schedule=" + schedule;
    j["failure_kind"] = failure->kind;
    j["preemptions"] = failure->preemptions;
    j["steps"] = failure->steps;
  }
  // A replayed schedule that passes keeps its trace too: `labs replay` shows a student any interleaving.
  if (!trace.empty()) j["trace"] = trace;
  std::lock_guard guard(results_mutex);
  g_results = std::move(j);
}

std::string preemptions_text(int n) { return std::to_string(n) + (n == 1 ? " preemption" : " preemptions"); }

// The failure's findings become this test's findings; the first one says how to replay it.
void report_failure(const std::string& strategy, const SearchResult& search, const RunOutcome& failure) {
  const std::string schedule = encode_schedule(failure.deviations);
  const std::string trace = format_trace(failure);
  remember(strategy, search, &failure, trace);
  std::printf("controlled: %s found a failing schedule after %ld schedules (%ld steps); minimized to %s, "
              "%ld steps.\nSchedule: %s\n%s", strategy.c_str(), search.schedules, search.steps,
              preemptions_text(failure.preemptions).c_str(), failure.steps, schedule.c_str(), trace.c_str());
  std::fflush(stdout);
  const std::string how = "\nFound by the controlled scheduler (" + strategy + ", after " +
                          std::to_string(search.schedules) + " schedules): " + preemptions_text(failure.preemptions) + ", " +
                          std::to_string(failure.steps) + " steps. Replay it exactly with " +
                          "--lab-schedule=" + schedule;
  bool first = true;
  for (Finding finding : failure.findings) {
    if (first) finding.message += how;
    first = false;
    report(finding);
  }
  if (failure.findings.empty()) report({"check", "The schedule failed (" + failure.kind + ")." + how, "", 0});
}

void replay_given(const Body& body) {
  std::vector<Deviation> deviations;
  std::string error;
  decode_schedule(options().schedule, deviations, error);
  RunOutcome outcome = traced_replay(body, deviations);
  SearchResult search;
  search.schedules = 1;
  search.steps = outcome.steps;
  if (outcome.diverged) {
    fail_check("The schedule string " + options().schedule + " does not fit this test (it was made for another "
               "test or another version of the code).");
    return;
  }
  if (!outcome.failed) {
    remember("replay", search, nullptr, format_trace(outcome));
    std::printf("controlled: the schedule %s passes.\n%s", options().schedule.c_str(), format_trace(outcome).c_str());
    return;
  }
  report_failure("replay", search, outcome);
}

SearchResult search(const Body& body) {
  const Budget budget(options());
  const std::string& strategy = options().strategy;
  if (strategy == "random") return search_random(body, budget);
  if (strategy == "bounded") return search_bounded(body, budget);
  return search_pct(body, budget);
}

}  // namespace

void explore_controlled(const Body& body) {
  // Every schedule's threads take turns: on one CPU each step is a local switch (cpu_pin.hpp).
  std::optional<CpuPin> one_cpu;
  if (options().one_cpu) one_cpu.emplace();
  g_pin = one_cpu ? &*one_cpu : nullptr;
  struct Unpin {
    ~Unpin() { g_pin = nullptr; }
  } unpin;
  if (!options().schedule.empty()) return replay_given(body);
  const auto start = Clock::now();
  const SearchResult result = search(body);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!result.failure) {
    remember(options().strategy, result, nullptr, "");
    std::printf("controlled: %s: %ld schedules, %ld scheduling steps in %.3f s, no failure.\n",
                options().strategy.c_str(), result.schedules, result.steps, seconds);
    return;
  }
  const RunOutcome minimized = fewer_deviations(body, minimize(body, *result.failure));
  RunOutcome traced = traced_replay(body, minimized.deviations);
  if (!traced.failed || traced.diverged) {
    std::printf("controlled: the minimized schedule did not fail again when replayed (nondeterminism outside "
                "lab:: operations?); reporting it untraced.\n");
    traced = minimized;
  }
  report_failure(options().strategy, result, traced);
}

nlohmann::json results_json() {
  std::lock_guard guard(results_mutex);
  return g_results;
}

}  // namespace harness::controlled

namespace harness {

void explore(const std::function<void()>& body) {
  if constexpr (LAB_CONTROLLED) {
    controlled::explore_controlled(body);
  } else {
    body();
  }
}

}  // namespace harness
