// Ending a run at once with a failing finding (the watchdog's stall, the gil machine's deadlock).
#pragma once

#include "harness/findings.hpp"

namespace harness {

// Records `finding`, marks the iteration failed, writes the results file (with each live thread's last
// student site), flushes stdout and stderr and ends the process with `exit_status`. For a thread that
// knows the run cannot go on: the others are asleep or spinning and will not return.
[[noreturn]] void end_run_failed(const Finding& finding, int exit_status);

}  // namespace harness
