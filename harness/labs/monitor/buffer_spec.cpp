// The bounded buffer's sequential specification (see buffer_spec.hpp).
#include "buffer_spec.hpp"

namespace monitor_lab {
namespace {

bool take_front(std::string& state, std::int64_t result) {
  if (result < 0 || result > 127) return false;  // never put: garbage from a broken buffer
  if (state.size() == 1 || state[1] != static_cast<char>(result)) return false;
  state.erase(1, 1);
  return true;
}

}  // namespace

bool BufferSpec::apply(std::string& state, const harness::lin::Operation& op) const {
  const bool closed = state[0] == 'c';
  const bool full = state.size() - 1 >= capacity_;
  const bool empty = state.size() == 1;
  switch (op.kind) {
    case op_put:
    case op_try_put:
      if (op.result == 0) return closed || (op.kind == op_try_put && full);
      if (closed || full) return false;
      state.push_back(static_cast<char>(op.arg));
      return true;
    case op_take:
      if (op.result == kNoItem) return closed && empty;
      return take_front(state, op.result);
    case op_try_take:
      if (op.result == kNoItem) return empty;
      return take_front(state, op.result);
    case op_close:
      state[0] = 'c';
      return true;
  }
  return false;
}

std::string BufferSpec::describe(const harness::lin::Operation& op) const {
  const auto item = [](std::int64_t value) { return value == kNoItem ? std::string("no item") : std::to_string(value); };
  switch (op.kind) {
    case op_put: return "put(" + std::to_string(op.arg) + ") -> " + (op.result ? "true" : "false");
    case op_try_put: return "try_put(" + std::to_string(op.arg) + ") -> " + (op.result ? "true" : "false");
    case op_take: return "take() -> " + item(op.result);
    case op_try_take: return "try_take() -> " + item(op.result);
    case op_close: return "close()";
  }
  return "?";
}

std::int64_t run_recorded(harness::lin::Recorder& recorder, int thread, AnyBuffer& buffer, BufferOp kind,
                          std::int64_t item) {
  const std::size_t handle = recorder.invoked(thread, kind, item);
  std::int64_t result = 0;
  switch (kind) {
    case op_put: result = buffer.put(item); break;
    case op_try_put: result = buffer.try_put(item); break;
    case op_take: result = buffer.take().value_or(kNoItem); break;
    case op_try_take: result = buffer.try_take().value_or(kNoItem); break;
    case op_close: buffer.close(); break;
  }
  recorder.returned(thread, handle, result);
  return result;
}

}  // namespace monitor_lab
