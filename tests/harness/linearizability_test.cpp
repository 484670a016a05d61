// Unit tests of the linearizability checker on hand-made histories of a FIFO queue and a register.
#include <gtest/gtest.h>

#include <harness/linearizability.hpp>

#include <thread>

namespace {

using harness::lin::Operation;
using harness::lin::Outcome;

// An unbounded FIFO queue of small integers: enqueue(x); dequeue() -> x, or -1 when empty.
// The state is the queue's contents, one char per item.
class QueueSpec : public harness::lin::Specification {
 public:
  enum Kind { enqueue, dequeue };
  std::string initial_state() const override { return {}; }
  bool apply(std::string& state, const Operation& op) const override {
    if (op.kind == enqueue) {
      state.push_back(static_cast<char>(op.arg));
      return true;
    }
    if (state.empty()) return op.result == -1;
    if (op.result != state.front()) return false;
    state.erase(0, 1);
    return true;
  }
  std::string describe(const Operation& op) const override {
    return op.kind == enqueue ? "enqueue(" + std::to_string(op.arg) + ")" : "dequeue() -> " + std::to_string(op.result);
  }
};

Operation enq(int thread, int item, std::uint64_t call, std::uint64_t ret) {
  return {thread, QueueSpec::enqueue, item, 0, call, ret};
}
Operation deq(int thread, int result, std::uint64_t call, std::uint64_t ret) {
  return {thread, QueueSpec::dequeue, 0, result, call, ret};
}

TEST(linearizability, SequentialFifoHistoryIsLinearizable) {
  const QueueSpec spec;
  const auto verdict = harness::lin::check({enq(0, 1, 0, 1), enq(0, 2, 2, 3), deq(1, 1, 4, 5), deq(1, 2, 6, 7)}, spec);
  EXPECT_EQ(verdict.outcome, Outcome::linearizable) << verdict.explanation;
}

TEST(linearizability, OverlappingOperationsMayTakeEitherOrder) {
  const QueueSpec spec;
  // The two enqueues overlap, so 2 may come out first.
  const auto verdict = harness::lin::check({enq(0, 1, 0, 5), enq(1, 2, 1, 4), deq(2, 2, 6, 7), deq(2, 1, 8, 9)}, spec);
  EXPECT_EQ(verdict.outcome, Outcome::linearizable) << verdict.explanation;
}

TEST(linearizability, RealTimeOrderIsRespected) {
  const QueueSpec spec;
  // enqueue(1) finished before enqueue(2) began: 2 cannot come out first.
  const auto verdict = harness::lin::check({enq(0, 1, 0, 1), enq(1, 2, 2, 3), deq(2, 2, 4, 5), deq(2, 1, 6, 7)}, spec);
  EXPECT_EQ(verdict.outcome, Outcome::not_linearizable);
  EXPECT_NE(verdict.explanation.find("dequeue() -> 2"), std::string::npos) << verdict.explanation;
}

TEST(linearizability, EmptyResultNeedsAnEmptyMoment) {
  const QueueSpec spec;
  // The queue held 1 from tick 1 until the dequeue at [6, 7]: the empty answer at [2, 3] is impossible.
  EXPECT_EQ(harness::lin::check({enq(0, 1, 0, 1), deq(1, -1, 2, 3), deq(1, 1, 6, 7)}, spec).outcome,
            Outcome::not_linearizable);
  // Overlapping the dequeue that emptied it, it is fine.
  EXPECT_EQ(harness::lin::check({enq(0, 1, 0, 1), deq(1, -1, 2, 5), deq(2, 1, 3, 4)}, spec).outcome,
            Outcome::linearizable);
}

TEST(linearizability, ItemTakenTwiceIsNotLinearizable) {
  const QueueSpec spec;
  const auto verdict = harness::lin::check({enq(0, 1, 0, 1), deq(1, 1, 2, 9), deq(2, 1, 3, 8)}, spec);
  EXPECT_EQ(verdict.outcome, Outcome::not_linearizable);
}

TEST(linearizability, ExhaustedBudgetIsUndecidedNeverLinearizable) {
  const QueueSpec spec;
  // Twelve fully overlapping enqueues and their dequeues in an impossible order: a big search space.
  std::vector<Operation> history;
  for (int i = 0; i < 12; ++i) history.push_back(enq(i, i, 0, 100));
  for (int i = 0; i < 12; ++i) history.push_back(deq(12, (i * 7) % 12, 101 + 2 * i, 102 + 2 * i));
  history.push_back(deq(12, 5, 200, 201));  // one dequeue too many: never explainable
  const auto verdict = harness::lin::check(history, spec, 50);
  EXPECT_EQ(verdict.outcome, Outcome::undecided);
  EXPECT_LE(verdict.steps, 51u);
}

TEST(linearizability, FindsTheOneOrderAmongManyOverlaps) {
  const QueueSpec spec;
  std::vector<Operation> history;
  for (int i = 0; i < 7; ++i) history.push_back(enq(i, i, 0, 100));
  for (int i = 0; i < 7; ++i) history.push_back(deq(7, (i * 3) % 7, 101 + 2 * i, 102 + 2 * i));
  const auto verdict = harness::lin::check(history, spec);
  EXPECT_EQ(verdict.outcome, Outcome::linearizable) << verdict.explanation;
}

TEST(linearizability, RecorderKeepsRealTimeOrderAcrossThreads) {
  harness::lin::Recorder recorder(2);
  const std::size_t first = recorder.invoked(0, QueueSpec::enqueue, 4);
  recorder.returned(0, first, 0);
  std::thread other([&] {
    const std::size_t handle = recorder.invoked(1, QueueSpec::dequeue, 0);
    recorder.returned(1, handle, 4);
  });
  other.join();
  const std::size_t never = recorder.invoked(0, QueueSpec::dequeue, 0);
  (void)never;
  EXPECT_EQ(recorder.pending(), 1u);
  const auto ops = recorder.operations();
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_LT(ops[0].ret, ops[1].call);
  EXPECT_EQ(harness::lin::check(ops, QueueSpec()).outcome, Outcome::linearizable);
}

}  // namespace
