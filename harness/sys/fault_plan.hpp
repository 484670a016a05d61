// Internal: the decisions of the active FaultPlan, asked by each lab::sys wrapper (async-signal-safe).
#pragma once

#include <cstddef>

namespace harness::processes {

// The calls that may fail with EINTR.
enum class EintrCall { read, write, waitpid, nanosleep };
inline constexpr int kEintrCalls = 4;

// True when this call should fail with EINTR before doing anything.
bool fault_eintr(EintrCall call) noexcept;
// The size to pass on: `size`, or a short one (1 .. size/2) when the plan says so.
std::size_t fault_short_size(std::size_t size) noexcept;
// True when this lab::sys::fork of the test process should fail with EAGAIN.
bool fault_fork() noexcept;
// True when an exec of `program` should fail with ENOENT.
bool fault_exec(const char* program) noexcept;

}  // namespace harness::processes
