// Internal: one extra paragraph for the watchdog's diagnosis, supplied by a lab-specific layer.
#pragma once

#include <string>

namespace harness {

// Returns the text to append to a stall's diagnosis ("" for nothing). Called from the watchdog thread.
using StallExplainer = std::string (*)();

// Installs `explainer` (nullptr removes it). Thread-safe.
void set_stall_explainer(StallExplainer explainer) noexcept;

// The installed explainer's text, or "" when none is installed.
std::string explain_stall();

}  // namespace harness
