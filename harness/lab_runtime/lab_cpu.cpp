// lab::cpu_relax and lab::yield: counted as waiting; perturbed (perturb) or scheduling points (controlled);
// the thread's wait hook runs (a simulated CPU's interrupts).
#include <sched.h>

#include "controlled_runtime.hpp"
#include "lab/cpu.hpp"
#include "perturbation.hpp"
#include "thread_registry.hpp"
#include "wait_hook.hpp"

namespace lab {
namespace {

void note_wait(detail::OpKind kind, const lab::source_location& where) noexcept {
  harness::ThreadState& thread = harness::current_thread_state();
  const detail::OpSite site = detail::make_site(kind, std::memory_order_relaxed, nullptr, where);
  thread.op.set(site);
  thread.wait_ops.bump();
#if LAB_CONTROLLED
  harness::controlled::at_point(site);  // a waiting thread lets the scheduler run another one
#endif
}

}  // namespace

void cpu_relax(lab::source_location where) noexcept {
  note_wait(detail::OpKind::cpu_relax, where);
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
  harness::perturb(harness::PerturbPoint::cpu_relax);
  harness::run_wait_hook();  // e.g. a simulated CPU serves its pending interrupts here (paging/)
}

void yield(lab::source_location where) noexcept {
  note_wait(detail::OpKind::yield, where);
  if (!harness::controlled::active()) ::sched_yield();
  harness::run_wait_hook();
}

}  // namespace lab
