// Fills gil_lab::GilApi with a submission's lab::OldGil and lab::NewGil.
#include "gil.hpp"

#include "gil_api.hpp"

namespace gil_lab {
namespace {

// Calls `f` with the student's object of the right class.
template <typename F>
decltype(auto) with(GilKind kind, void* gil, F&& f) {
  if (kind == GilKind::old_gil) return f(*static_cast<lab::OldGil*>(gil));
  return f(*static_cast<lab::NewGil*>(gil));
}

void* create(GilKind kind) {
  if (kind == GilKind::old_gil) return new lab::OldGil();
  return new lab::NewGil();
}

void destroy(GilKind kind, void* gil) {
  if (kind == GilKind::old_gil) delete static_cast<lab::OldGil*>(gil);
  else delete static_cast<lab::NewGil*>(gil);
}

void take(GilKind kind, void* gil, lab::gil::ThreadState& me) {
  with(kind, gil, [&](auto& g) { g.take(me); });
}
void drop(GilKind kind, void* gil, lab::gil::ThreadState& me) {
  with(kind, gil, [&](auto& g) { g.drop(me); });
}
bool eval_breaker(GilKind kind, void* gil, lab::gil::ThreadState& me) {
  return with(kind, gil, [&](auto& g) -> bool { return g.eval_breaker(me); });
}

}  // namespace

const GilApi& gil_api() {
  static constexpr GilApi api{&create, &destroy, &take, &drop, &eval_breaker};
  return api;
}

}  // namespace gil_lab
