// Reference strings and per-access traces of page replacement, shared by the oracle, the simulator of a
// submission's policy, the graded tests and `./labs paging`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policy_api.hpp"

namespace paging_lab {

// One event of a reference string: an access to `page`, or (unmap) `page` leaving memory for another
// reason than replacement (unmapped by its process): its slot becomes empty and is filled next.
struct Ref {
  std::uint64_t page = 0;
  bool unmap = false;
};

// What one event did. For an access: hit or miss, and the page its load replaced (none while a slot
// was empty). `memory` lists the resident pages after the event in the policy's display order:
// FIFO, OPT and CLOCK in order of loading (oldest first), LRU from least to most recently used.
struct Step {
  Ref ref;
  bool hit = false;
  std::optional<std::uint64_t> victim;
  std::optional<std::size_t> victim_slot;  // the simulator's slot of the victim (not set by the oracle)
  std::vector<std::uint64_t> memory;
};

struct Trace {
  std::vector<Step> steps;
  std::size_t hits = 0, misses = 0;
  std::string error;  // set when the policy broke its contract at event steps.size(); the trace stops there
};

// The pages accessed, in order (unmaps left out): what OPT is told of the future.
std::vector<std::uint64_t> accesses_of(const std::vector<Ref>& refs);
std::vector<Ref> refs_of(const std::vector<std::uint64_t>& pages);

// A reference string as `./labs paging --addresses` takes it: "8,7,u8,4" (uN: page N is unmapped).
std::string refs_text(const std::vector<Ref>& refs);
// Parses refs_text's form (spaces allowed); throws std::invalid_argument naming the bad item.
std::vector<Ref> parse_refs(const std::string& text);

// "8,7,4" (no spaces), and OSTEP's list form "[8, 7, 4]".
std::string pages_text(const std::vector<std::uint64_t>& pages);
std::string memory_text(const std::vector<std::uint64_t>& memory);
// OSTEP's labels of the two ends of the memory list, padded as paging-policy.py pads them: "FirstIn" and
// "Lastin ", "LRU" and "MRU", "Left " and "Right".
const char* left_label(PolicyKind kind);
const char* right_label(PolicyKind kind);

}  // namespace paging_lab
