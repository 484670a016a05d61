// Internal: the watchdog's view of WaitNote and ForcedSpuriousWakeups (harness/test_thread.hpp).
#pragma once

#include <string>

namespace harness {

// Lines for the watchdog's diagnosis: each live thread's active WaitNote and, if the notes form a cycle,
// the cycle. Empty when no thread has an active note.
std::string describe_wait_notes();

// "philosopher 0 waits for fork 1 held by philosopher 1 -> ..." when the active WaitNotes form a cycle,
// else empty: the watchdog's headline names a deadlock's cycle instead of guessing at a lost wake-up.
std::string wait_cycle();

// True when a ForcedSpuriousWakeups scope wants the calling thread's current futex_wait to return at once.
bool forced_spurious_return() noexcept;

}  // namespace harness
