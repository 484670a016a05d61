// Internal: one extra paragraph for the watchdog's diagnosis, supplied by a lab-specific layer.
#pragma once

#include <string>

namespace harness {

// A lab's words for a stall: `headline` replaces the generic deadlock sentence when not empty (the
// processes lab: "stage 2 waits to read, and the write end of its pipe is still open"); `details` are
// appended to the diagnosis.
struct StallExplanation {
  std::string headline;
  std::string details;
};

// Returns the lab's explanation. Called from the watchdog thread.
using StallExplainer = StallExplanation (*)();

// Installs `explainer` (nullptr removes it). Thread-safe.
void set_stall_explainer(StallExplainer explainer) noexcept;

// The installed explainer's explanation, or an empty one when none is installed.
StallExplanation explain_stall();

}  // namespace harness
