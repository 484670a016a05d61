// The paging lab's policy checks: run the student's policy and the oracle on a reference string and
// explain the first access where they differ.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "policy_trace.hpp"

namespace paging_lab {

// The student's policy of `kind` with `frames` slots over `refs` (through simulate()).
Trace run_student(PolicyKind kind, std::size_t frames, const std::vector<Ref>& refs);

// Fails the test when the student's trace differs from the oracle's: the finding names the policy,
// the frames, the string, the first access that differs (its index, its page, the expected and the
// actual hit/miss and victim, the memory before it) and the command that shows the expected answer.
// True when they agree on every access.
bool expect_oracle(PolicyKind kind, std::size_t frames, const std::vector<Ref>& refs);

// The same against a published trace: `victims[i]` is the page access i replaced (-1: none), `memory[i]`
// OSTEP's "[8, 7, 4]" after access i (empty: not compared); `source` says where the vector comes from.
struct Published {
  const char* source;
  PolicyKind kind;
  std::size_t frames;
  std::vector<std::uint64_t> pages;
  std::vector<long long> victims;
  std::vector<std::string> memory;
  std::size_t hits, misses;
};
bool expect_published(const Published& p);

// `./labs paging --policy P --addresses ... --cachesize N -c`: shows the expected trace.
std::string replay_command(PolicyKind kind, std::size_t frames, const std::vector<Ref>& refs);

}  // namespace paging_lab
