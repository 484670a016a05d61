// lab::detail::before_atomic (the instrumented atomics' scheduling point), after_atomic and op_name.
#include "controlled_runtime.hpp"
#include "evidence.hpp"
#include "lab/op_site.hpp"
#include "perturbation.hpp"
#include "thread_registry.hpp"

namespace lab::detail {

const char* op_name(OpKind kind) noexcept {
  switch (kind) {
    case OpKind::none: return "none";
    case OpKind::load: return "load";
    case OpKind::store: return "store";
    case OpKind::exchange: return "exchange";
    case OpKind::compare_exchange: return "compare_exchange";
    case OpKind::fetch_modify: return "fetch_modify";
    case OpKind::futex_wait: return "futex_wait";
    case OpKind::futex_wake: return "futex_wake";
    case OpKind::cpu_relax: return "cpu_relax";
    case OpKind::yield: return "yield";
    case OpKind::plain_read: return "plain read";
    case OpKind::plain_write: return "plain write";
  }
  return "unknown";
}

void before_atomic(const OpSite& site) noexcept {
  harness::ThreadState& thread = harness::current_thread_state();
  thread.op.set(site);
  harness::note_atomic_site(thread.student_site, site);
  harness::perturb(harness::PerturbPoint::atomic_op);
#if LAB_CONTROLLED
  harness::controlled::at_point(site);
#endif
}

#if LAB_CONTROLLED
void after_atomic(std::uint64_t before, std::uint64_t after, std::uint64_t expected, bool ok) noexcept {
  harness::controlled::after_op(before, after, expected, ok);
}
#endif

}  // namespace lab::detail
