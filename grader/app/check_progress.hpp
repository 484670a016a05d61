// check's live progress on a terminal: the build, then one line per test run as it finishes.
#pragma once

#include <ostream>

#include "pipeline.hpp"
#include "report_terminal.hpp"

namespace grader {

// Observers that write to `out` (the terminal's stderr; the report itself follows on stdout):
//   building mutex: plain, tsan, perturb, controlled
//   [ 3/41] passed  spin_exclusion_2 (tsan, 1.4 s)
// `out` must outlive the grading.
PipelineProgress terminal_progress(std::ostream& out, const TerminalStyle& style);

// True when check should show progress: stderr is a terminal (a log file or CI stays quiet).
bool progress_wanted();

}  // namespace grader
