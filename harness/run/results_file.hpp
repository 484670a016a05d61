// The results file: the only verdict channel from a test process to the grader (docs/architecture.md).
#pragma once

#include <string>

namespace harness {

enum class Verdict { pass, fail };

// The exit status that tells the grader "not implemented yet": lab::todo() ends the process with it, and a
// controlled test whose schedule reached a TODO passes it on (docs/architecture.md).
inline constexpr int kExitNotImplemented = 4;

// Builds the results JSON from the run state, findings and evidence (each live thread's latest student
// site as "last" evidence when `with_last_sites`). With `sealed` and a passing verdict it also carries the
// completion seal when the run earned one (completion_seal.hpp); nothing else ever writes a seal.
std::string results_json(Verdict verdict, bool with_last_sites, bool sealed = false);

// Called in a child that student code forked (lab::sys::fork): from then on this process writes no
// results file, whoever asks (async-signal-safe).
void never_write_results_in_this_process() noexcept;

// Writes the results file (temp file + rename) the first time it is called in this process and returns
// true; later calls do nothing and return false, so whoever ends the run first (normal end, watchdog,
// lab::todo, sanitizer) decides. Without a results path the JSON goes to stdout instead.
bool write_results_file(Verdict verdict, bool with_last_sites = false);

// The normal end of a run (test main only): like write_results_file, and a pass carries the completion
// seal if the run earned it. Whatever wrote the file earlier (a forged pass included) is replaced.
void write_final_results_file(Verdict verdict);

}  // namespace harness
