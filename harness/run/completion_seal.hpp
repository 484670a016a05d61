// The completion seal: the grader's per-run secret, revealed in the results file only by a run whose
// test body and checks all finished and passed (docs/sandbox.md, "The verdict channel").
#pragma once

#include <optional>
#include <string>

namespace harness {

// Counts one end of the selected test as GoogleTest saw it (FindingsListener::OnTestEnd): `name` is
// "Suite.Name", `passed` GoogleTest's own result for it.
void note_test_end(const std::string& name, bool passed);

// The seal for a passing results file: the secret the grader passed on the inherited descriptor named by
// LAB_SEAL_FD (read and closed before any static initializer ran), the test's name and the number of
// passing test ends seen. nullopt when there is no secret, when the run saw a failing test end, or when
// fewer than `repeat` passing ends of one single test were seen: a results file written by anything
// other than the end of a complete passing run carries no seal, and the grader scores it 0.
struct Seal {
  std::string token;
  std::string test;
  int passed_runs = 0;
};
std::optional<Seal> completion_seal(int repeat);

}  // namespace harness
