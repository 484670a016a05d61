// The gil lab's real-threads run (tsan tests): the student's GIL under four truly concurrent interpreter threads.
#pragma once

#include <optional>
#include <string>

#include "gil_api.hpp"
#include "interpreter.hpp"

namespace gil_lab {

// What a real-threads run can tell: whether two threads ever held the GIL at once. Timing is not
// recorded (it varies from run to run); races are ThreadSanitizer's to report.
struct RealRun {
  std::string title;
  long takes = 0;                         // take() calls that returned
  std::optional<std::string> exclusion;  // the first violation of mutual exclusion, described
};

// Two CPU-bound threads and two that drop the GIL around short real sleeps ("I/O"), all at once,
// on a fresh GIL of the submission (old: check interval 20; new: switch interval 100 us, real time).
RealRun run_real_threads(GilKind kind);

// Reports a finding when two threads held the GIL at once.
bool check_real_exclusion(const RealRun& run);

}  // namespace gil_lab
