// The paging lab's oracle: FIFO, LRU, OPT and CLOCK simulated page by page from the handout's rules,
// written apart from the reference solution; the expected side of every policy test.
#pragma once

#include <cstddef>
#include <vector>

#include "policy_trace.hpp"

namespace paging_lab {

// Runs `refs` through a memory of `frames` pages (frames >= 1) under `kind`: per access hit or miss,
// the page replaced, the memory after it; hits and misses at the end. The rules (README.md, part 4):
//  - a miss fills the lowest-numbered empty frame; only when none is empty is a page replaced;
//  - FIFO replaces the page loaded longest ago; LRU the page accessed longest ago;
//  - OPT the page next accessed furthest in the future (never again = furthest), ties (pages never
//    accessed again) to the page loaded last, as OSTEP's paging-policy.py;
//  - CLOCK: a use bit per frame, set by a load and by a hit, cleared by an unmap; the hand starts at
//    frame 0, clears set bits as it passes them, stops at the first clear bit (the victim) and moves on
//    past the victim's frame;
//  - an unmap of a resident page empties its frame (not counted as a hit or a miss).
Trace oracle_trace(PolicyKind kind, std::size_t frames, const std::vector<Ref>& refs);

// Misses of `kind` on `pages` with 1, 2, ..., max_frames frames (element i: i + 1 frames).
std::vector<std::size_t> misses_by_frames(PolicyKind kind, const std::vector<std::uint64_t>& pages,
                                          std::size_t max_frames);

}  // namespace paging_lab
