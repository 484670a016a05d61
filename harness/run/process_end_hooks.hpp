// Hooks that still write the results file when the process ends abnormally (sanitizer, std::terminate).
#pragma once

namespace harness {

// In ThreadSanitizer builds: on a TSan report (halt_on_error=1) write the results file with a
// "sanitizer" finding and the evidence, before TSan exits with its exit code. No-op in other builds.
void install_sanitizer_death_callback();

// On std::terminate (e.g. an exception escaping a thread the harness did not create): write the results
// file with an "exception" finding, then abort as usual.
void install_terminate_handler();

}  // namespace harness
