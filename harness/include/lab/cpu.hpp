// lab::cpu_relax and lab::yield: what a waiting thread does between two looks at shared state.
#pragma once

#include "lab/source_location.hpp"

namespace lab {

// Tells the CPU that the caller is busy-waiting (the x86 `pause` instruction). Every busy-wait loop must
// call it once per turn: the harness counts these calls to see that a thread is waiting, and perturbs
// the schedule here.
void cpu_relax(lab::source_location where = lab::source_location::current()) noexcept;

// Gives up the rest of the caller's time slice (sched_yield). Counts as waiting, like cpu_relax.
void yield(lab::source_location where = lab::source_location::current()) noexcept;

}  // namespace lab
