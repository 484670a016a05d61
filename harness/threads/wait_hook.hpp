// The per-thread wait hook: what a simulated device runs whenever its thread waits (cpu_relax, yield).
#pragma once

namespace harness {

// A function lab::cpu_relax() and lab::yield() call on the calling thread, after counting the wait.
// The paging layer installs one on each simulated CPU's thread to deliver that CPU's pending
// interrupts while it spins. The hook runs on the thread that installed it, with `context`.
using WaitHook = void (*)(void* context) noexcept;

// Installs `hook` for the calling thread (nullptr removes it). Returns the hook it replaces, so scopes
// can restore it.
WaitHook set_wait_hook(WaitHook hook, void* context) noexcept;

// The calling thread's current hook context (nullptr when none).
void* wait_hook_context() noexcept;

// Runs the calling thread's hook, if any. Called by lab::cpu_relax and lab::yield.
void run_wait_hook() noexcept;

}  // namespace harness
