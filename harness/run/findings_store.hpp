// The run's findings, collected from every thread, for the results file.
#pragma once

#include <vector>

#include "harness/findings.hpp"

namespace harness {

// Adds a finding without touching GoogleTest (for paths that end the process themselves). Thread-safe.
void record_finding(const Finding& finding);
std::vector<Finding> findings_snapshot();
bool has_findings();

// True while the calling thread is inside harness::report: its GoogleTest failure already has a finding.
bool reporting_on_this_thread() noexcept;

}  // namespace harness
