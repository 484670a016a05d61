// Graded test: BoundedBuffer histories of small random scenarios are linearizable (a FIFO queue that blocks).
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "buffer_spec.hpp"
#include "monitor_tests_util.hpp"

namespace monitor_lab {
namespace {

struct Scenario {
  std::size_t capacity = 1;
  std::vector<std::vector<BufferOp>> scripts;  // per thread
};

// 2-3 threads with 2-6 operations each, on a buffer of capacity 1 or 2; blocking operations are common.
Scenario generate(harness::Rng& rng) {
  Scenario scenario;
  scenario.capacity = 1 + rng.below(2);
  scenario.scripts.resize(2 + rng.below(2));
  for (auto& script : scenario.scripts) {
    const std::size_t length = 2 + rng.below(5);
    for (std::size_t i = 0; i < length; ++i) {
      static constexpr BufferOp kChoices[] = {op_put, op_put, op_take, op_take, op_try_put, op_try_take};
      script.push_back(kChoices[rng.below(std::size(kChoices))]);
    }
  }
  return scenario;
}

// A worker's state for the closer: whether it is inside an operation, and its futex waits at the call.
struct WorkerState {
  std::atomic<bool> inside{false};
  std::atomic<std::uint64_t> waits_at_call{0};
};

// Whether every unfinished worker sleeps inside an operation (so only close() can end the scenario).
bool all_blocked(const Threads& threads, const std::vector<WorkerState>& states) {
  for (std::size_t i = 0; i < threads.size(); ++i) {
    if (threads[i]->probe().finished()) continue;
    if (!states[i].inside.load(std::memory_order_relaxed)) return false;
    if (threads[i]->probe().futex_waits() <= states[i].waits_at_call.load(std::memory_order_relaxed)) return false;
  }
  return true;
}

// Runs one scenario: the workers run their scripts; the main thread closes the buffer once every
// worker has finished or sleeps (a close() at any moment still gives a valid history); all join.
std::vector<harness::lin::Operation> play(const Scenario& scenario, bool& stuck) {
  const int workers = static_cast<int>(scenario.scripts.size());
  AnyBuffer buffer(scenario.capacity);
  harness::lin::Recorder recorder(workers + 1);
  std::vector<WorkerState> states(static_cast<std::size_t>(workers));
  Threads threads;
  for (int w = 0; w < workers; ++w) {
    threads.push_back(std::make_unique<harness::TestThread>("worker " + std::to_string(w), [&, w] {
      WorkerState& state = states[static_cast<std::size_t>(w)];
      std::int64_t next_item = 1 + 20 * w;
      for (const BufferOp kind : scenario.scripts[static_cast<std::size_t>(w)]) {
        state.waits_at_call.store(harness::current_thread_probe().futex_waits(), std::memory_order_relaxed);
        state.inside.store(true, std::memory_order_relaxed);
        const bool puts = kind == op_put || kind == op_try_put;
        run_recorded(recorder, w, buffer, kind, puts ? next_item++ : 0);
        state.inside.store(false, std::memory_order_relaxed);
      }
    }));
  }
  const auto limit = std::chrono::steady_clock::now() + 200ms;
  while (finished_count(threads) < workers && !all_blocked(threads, states) &&
         std::chrono::steady_clock::now() < limit) {
    harness::progress();
    std::this_thread::sleep_for(50us);
  }
  run_recorded(recorder, workers, buffer, op_close, 0);
  stuck = !all_finish(threads, [&] { buffer.close(); });
  return recorder.operations();
}

// Many small scenarios, each history checked against the sequential specification. An undecided
// search (budget exhausted) replays the scenario; if it stays undecided the test fails: never a pass.
TEST(BoundedBuffer, Linearizable) {
  const long scenarios = for_config({.plain = 400, .tsan = 60, .perturb = 250});
  harness::Rng rng(7);
  for (long s = 0; s < scenarios; ++s) {
    const Scenario scenario = generate(rng);
    const BufferSpec spec(scenario.capacity);
    harness::lin::Verdict verdict;
    for (int attempt = 0; attempt < 3; ++attempt) {
      bool stuck = false;
      const auto history = play(scenario, stuck);
      if (stuck) {
        harness::fail_check("after close(), a thread stayed blocked in put() or take() of a BoundedBuffer "
                            "of capacity " + std::to_string(scenario.capacity) + "\n" +
                            harness::lin::describe_history(history, spec));
        return;
      }
      verdict = harness::lin::check(history, spec);
      if (verdict.outcome != harness::lin::Outcome::undecided) break;
    }
    if (verdict.outcome == harness::lin::Outcome::not_linearizable) {
      harness::fail_check("BoundedBuffer (capacity " + std::to_string(scenario.capacity) +
                          ") returned results no FIFO buffer could give\nThe concurrent calls, each with its "
                          "[call, return] in ticks of one clock: " + verdict.explanation);
      return;
    }
    if (verdict.outcome == harness::lin::Outcome::undecided) {
      harness::fail_check("the linearizability check could not decide a history in three attempts (" +
                          verdict.explanation + "); this counts as a failure, never as a pass");
      return;
    }
  }
}

}  // namespace
}  // namespace monitor_lab
