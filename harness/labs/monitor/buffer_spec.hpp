// The bounded buffer's sequential specification, and the operations the graded tests record against it.
#pragma once

#include <cstdint>
#include <string>

#include <harness/linearizability.hpp>

#include "monitor_api.hpp"

namespace monitor_lab {

// Operation kinds of a recorded BoundedBuffer history. `take`/`try_take` record the item, or kNoItem.
enum BufferOp { op_put, op_take, op_try_put, op_try_take, op_close };
inline constexpr std::int64_t kNoItem = -1;

// A FIFO queue of at most `capacity` items that can be closed. Blocking operations are allowed only
// where they could have completed: put() -> true needs a free slot, take() -> item needs that item at
// the front, take() -> no item needs a closed, empty buffer, put() -> false needs a closed buffer.
// Items must be in [0, 127] (one char of the state each).
class BufferSpec : public harness::lin::Specification {
 public:
  explicit BufferSpec(std::size_t capacity) : capacity_(capacity) {}
  std::string initial_state() const override { return "o"; }  // 'o'pen or 'c'losed, then the items
  bool apply(std::string& state, const harness::lin::Operation& op) const override;
  std::string describe(const harness::lin::Operation& op) const override;

 private:
  std::size_t capacity_;
};

// Calls the operation on `buffer` between the recorder's two ticks and returns what it returned.
std::int64_t run_recorded(harness::lin::Recorder& recorder, int thread, AnyBuffer& buffer, BufferOp kind,
                          std::int64_t item);

}  // namespace monitor_lab
