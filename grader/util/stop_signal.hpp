// SIGTERM and SIGINT as a request to stop cleanly: finish the running test, write results, exit.
#pragma once

#include <atomic>

namespace grader {

// Installs handlers for SIGTERM and SIGINT that set the returned flag (and restore the default action,
// so a second signal ends the process at once). Idempotent.
const std::atomic<bool>& install_stop_handlers();

}  // namespace grader
