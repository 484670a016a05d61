// Linearizability: record concurrent histories and check them against a sequential specification.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace harness::lin {

// One completed operation of a history. `call` and `ret` are ticks of one shared counter, taken right
// before the operation was invoked and right after it returned, so `a.ret < b.call` means a finished
// before b started (real-time order). `kind`, `arg` and `result` are the specification's to interpret.
struct Operation {
  int thread = 0;
  int kind = 0;
  std::int64_t arg = 0;
  std::int64_t result = 0;
  std::uint64_t call = 0;
  std::uint64_t ret = 0;
};

// A sequential specification: the states of an object and which operations (with the results they
// returned) are allowed in each. States are strings so the checker can remember them. A blocking
// operation is simply not allowed in a state where it would block: a `take` that returned an item must
// be placed where the object held that item.
class Specification {
 public:
  virtual ~Specification() = default;
  virtual std::string initial_state() const = 0;
  // If `op` with its recorded result may happen in `state`: applies it to `state` and returns true.
  // Otherwise returns false; `state` may then hold anything.
  virtual bool apply(std::string& state, const Operation& op) const = 0;
  // "put(7) -> true", for explanations.
  virtual std::string describe(const Operation& op) const = 0;
};

// Records a history. Each thread appends to its own log (no lock, nothing shared but the tick counter,
// which is relaxed so that it adds no happens-before edge ThreadSanitizer could mistake for the object's
// own synchronisation; on x86 its locked increment is a full barrier). Read operations() only after every
// recording thread has been joined.
class Recorder {
 public:
  explicit Recorder(int threads);
  // Call right before invoking the operation; returns a handle for returned().
  std::size_t invoked(int thread, int kind, std::int64_t arg) noexcept;
  // Call right after the operation returned.
  void returned(int thread, std::size_t handle, std::int64_t result) noexcept;
  // Every operation that returned, in no particular order (an operation that never returned is dropped:
  // callers make every operation return, e.g. by closing the object).
  std::vector<Operation> operations() const;
  // Operations invoked that have not returned.
  std::size_t pending() const;

 private:
  std::uint64_t tick() noexcept;

  std::atomic<std::uint64_t> clock_{0};
  std::vector<std::vector<Operation>> logs_;        // per thread
  std::vector<std::vector<bool>> done_;             // per thread, per operation
};

enum class Outcome { linearizable, not_linearizable, undecided };

struct Verdict {
  Outcome outcome = Outcome::undecided;
  std::uint64_t steps = 0;   // search steps used
  std::string explanation;   // for not_linearizable: the history and how far any order got
};

// Wing & Gong's search with memoisation (Lowe's refinement): repeatedly picks an operation that no
// pending operation must precede, applies it to the state, and backtracks; (set of done operations,
// state) pairs that failed once are never tried again. Gives up with `undecided` after `max_steps`
// applications: callers must never count that as a pass. At most 64 operations.
Verdict check(const std::vector<Operation>& history, const Specification& spec, std::uint64_t max_steps = 1'000'000);

// The history as lines "thread 0: [3, 7] put(1) -> true", ordered by call tick.
std::string describe_history(const std::vector<Operation>& history, const Specification& spec);

}  // namespace harness::lin
