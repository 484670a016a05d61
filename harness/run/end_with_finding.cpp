// end_with_finding: the one way a harness layer ends the test process on a finding.
#include "end_with_finding.hpp"

#include <unistd.h>

#include <cstdio>

#include "findings_store.hpp"
#include "results_file.hpp"
#include "run_state.hpp"

namespace harness {

void end_with_finding(const Finding& finding) noexcept {
  try {
    std::fprintf(stderr, "%s:%u: %s\n", finding.file.c_str(), static_cast<unsigned>(finding.line),
                 finding.message.c_str());
    record_finding(finding);
    mark_iteration_failed();
    write_results_file(Verdict::fail);
  } catch (...) {
    // Out of memory: the exit status alone still fails the test.
  }
  std::fflush(stdout);
  std::fflush(stderr);
  ::_exit(1);
}

}  // namespace harness
