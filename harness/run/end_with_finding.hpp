// Ending the test process at once with one finding, for a layer that knows the run cannot go on.
#pragma once

#include "harness/findings.hpp"

namespace harness {

// Prints the finding, records it, marks the iteration failed, writes the results file (if nothing has
// yet) and exits with status 1 without running destructors or atexit handlers: for a state in which
// returning would hang (a simulated machine that waits forever) or run on corrupted state.
[[noreturn]] void end_with_finding(const Finding& finding) noexcept;

}  // namespace harness
