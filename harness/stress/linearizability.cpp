// Linearizability checker: Wing & Gong's backtracking search with memoisation over (done set, state).
#include "harness/linearizability.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

namespace harness::lin {

Recorder::Recorder(int threads) : logs_(static_cast<std::size_t>(threads)), done_(static_cast<std::size_t>(threads)) {}

// The compiler barriers keep the operation itself from being moved outside its ticks.
std::uint64_t Recorder::tick() noexcept {
  std::atomic_signal_fence(std::memory_order_seq_cst);
  const std::uint64_t now = clock_.fetch_add(1, std::memory_order_relaxed);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  return now;
}

std::size_t Recorder::invoked(int thread, int kind, std::int64_t arg) noexcept {
  auto& log = logs_[static_cast<std::size_t>(thread)];
  log.push_back(Operation{thread, kind, arg, 0, 0, 0});
  done_[static_cast<std::size_t>(thread)].push_back(false);
  log.back().call = tick();
  return log.size() - 1;
}

void Recorder::returned(int thread, std::size_t handle, std::int64_t result) noexcept {
  const std::uint64_t now = tick();
  Operation& op = logs_[static_cast<std::size_t>(thread)][handle];
  op.ret = now;
  op.result = result;
  done_[static_cast<std::size_t>(thread)][handle] = true;
}

std::vector<Operation> Recorder::operations() const {
  std::vector<Operation> all;
  for (std::size_t t = 0; t < logs_.size(); ++t) {
    for (std::size_t i = 0; i < logs_[t].size(); ++i) {
      if (done_[t][i]) all.push_back(logs_[t][i]);
    }
  }
  return all;
}

std::size_t Recorder::pending() const {
  std::size_t count = 0;
  for (const auto& flags : done_) count += static_cast<std::size_t>(std::count(flags.begin(), flags.end(), false));
  return count;
}

namespace {

struct Search {
  Search(const std::vector<Operation>& history, const Specification& specification, std::uint64_t budget)
      : ops(history), spec(specification), max_steps(budget) {}

  const std::vector<Operation>& ops;
  const Specification& spec;
  std::uint64_t max_steps;
  std::uint64_t steps = 0;
  bool out_of_budget = false;
  std::size_t deepest = 0;  // most operations any order managed to place
  std::unordered_set<std::string> failed;  // (done set, state) known to lead nowhere

  // An operation may go next iff no other remaining operation returned before it was called.
  bool minimal(std::uint64_t done, std::size_t i) const {
    for (std::size_t j = 0; j < ops.size(); ++j) {
      if (j != i && !(done >> j & 1) && ops[j].ret < ops[i].call) return false;
    }
    return true;
  }

  static std::string key(std::uint64_t done, const std::string& state) {
    return std::string(reinterpret_cast<const char*>(&done), sizeof done) + state;
  }

  bool from(std::uint64_t done, std::size_t placed, const std::string& state) {
    deepest = std::max(deepest, placed);
    if (placed == ops.size()) return true;
    if (!failed.insert(key(done, state)).second) return false;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if ((done >> i & 1) || !minimal(done, i)) continue;
      if (++steps > max_steps) {
        out_of_budget = true;
        return false;
      }
      std::string next = state;
      if (spec.apply(next, ops[i]) && from(done | (std::uint64_t{1} << i), placed + 1, next)) return true;
      if (out_of_budget) return false;
    }
    return false;
  }
};

}  // namespace

Verdict check(const std::vector<Operation>& history, const Specification& spec, std::uint64_t max_steps) {
  if (history.size() > 64) throw std::invalid_argument("harness::lin::check: more than 64 operations");
  Search search(history, spec, max_steps);
  Verdict verdict;
  const bool found = search.from(0, 0, spec.initial_state());
  verdict.steps = search.steps;
  if (found) {
    verdict.outcome = Outcome::linearizable;
  } else if (search.out_of_budget) {
    verdict.outcome = Outcome::undecided;
    verdict.explanation = "the search gave up after " + std::to_string(search.steps) + " steps";
  } else {
    verdict.outcome = Outcome::not_linearizable;
    verdict.explanation = "no sequential order of these operations explains their results (the best order "
                          "explains " + std::to_string(search.deepest) + " of " + std::to_string(history.size()) +
                          "):\n" + describe_history(history, spec);
  }
  return verdict;
}

std::string describe_history(const std::vector<Operation>& history, const Specification& spec) {
  std::vector<Operation> sorted = history;
  std::sort(sorted.begin(), sorted.end(), [](const Operation& a, const Operation& b) { return a.call < b.call; });
  std::string text;
  for (const Operation& op : sorted) {
    text += "  thread " + std::to_string(op.thread) + ": [" + std::to_string(op.call) + ", " + std::to_string(op.ret) +
            "] " + spec.describe(op) + "\n";
  }
  return text;
}

}  // namespace harness::lin
