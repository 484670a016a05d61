// Beazley's table for the gil lab's runs: time, shares, switches, waits, I/O response (virtual ms).
#pragma once

#include <string>
#include <vector>

#include "interpreter.hpp"

namespace gil_lab {

// The runs as a fixed-width table with a header, one line per run, then a legend.
std::string beazley_table(const std::vector<const RunTrace*>& runs);

}  // namespace gil_lab
