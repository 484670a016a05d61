// end_run_failed: the finding, the results file, then _exit: nothing of the stalled run runs again.
#include "end_run.hpp"

#include <unistd.h>

#include <cstdio>

#include "findings_store.hpp"
#include "results_file.hpp"
#include "run_state.hpp"

namespace harness {

void end_run_failed(const Finding& finding, int exit_status) {
  record_finding(finding);
  mark_iteration_failed();
  write_results_file(Verdict::fail, true);
  std::fflush(stdout);
  std::fflush(stderr);
  ::_exit(exit_status);
}

}  // namespace harness
