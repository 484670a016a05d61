// Seeded schedule perturbation at lab:: operations (perturbation builds only, LAB_PERTURB=1).
#pragma once

namespace harness {

// Where a perturbation may happen; each point has its own probabilities.
enum class PerturbPoint { atomic_op, cpu_relax, futex_wake, futex_wait };

// Maybe yields, spins briefly or sleeps a few microseconds. A no-op unless perturbation is enabled.
void perturb(PerturbPoint point) noexcept;

// Whether this futex_wait should return at once, as a spurious wake-up. Never always: correct code that
// re-checks and waits again must still get to sleep.
bool spurious_futex_return() noexcept;

}  // namespace harness
