// The per-thread wait hook: thread-local, so installing it costs no synchronisation with other threads.
#include "wait_hook.hpp"

namespace harness {
namespace {

thread_local WaitHook t_hook = nullptr;
thread_local void* t_context = nullptr;

}  // namespace

WaitHook set_wait_hook(WaitHook hook, void* context) noexcept {
  const WaitHook previous = t_hook;
  t_hook = hook;
  t_context = hook != nullptr ? context : nullptr;
  return previous;
}

void* wait_hook_context() noexcept { return t_context; }

void run_wait_hook() noexcept {
  if (t_hook != nullptr) t_hook(t_context);
}

}  // namespace harness
