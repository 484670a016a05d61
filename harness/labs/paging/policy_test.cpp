// Graded tests of the replacement policies: published OSTEP traces, hand-checked CLOCK traces, the
// oracle on fixed and seeded random reference strings, unmapped pages, Belady's anomaly and the stack
// property.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <harness/findings.hpp>
#include <harness/run_context.hpp>

#include "policy_check.hpp"
#include "policy_oracle.hpp"

namespace paging_lab {
namespace {

constexpr long long kNone = -1;  // "Replaced:-"

// ---- Published traces of OSTEP's paging-policy.py (vm-beyondphys-policy), used as facts ----
// `-s 0 -n 10` draws the pages 8,7,4,2,5,4,7,3,4,5 and `-s 1 -n 10` 1,8,7,2,4,4,6,7,0,0 (maxpage 10).
// CLOCK is not among them: paging-policy.py's CLOCK picks the pages it looks at with Python's random
// number generator instead of moving a hand, so CLOCK is checked against the oracle only.

const std::vector<std::uint64_t> kSeed0{8, 7, 4, 2, 5, 4, 7, 3, 4, 5};
const std::vector<std::uint64_t> kSeed1{1, 8, 7, 2, 4, 4, 6, 7, 0, 0};
const std::vector<std::uint64_t> kBelady{1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};

TEST(PagingPolicy, FifoPublished) {
  expect_published({"paging-policy.py -s 0 -n 10 -c", PolicyKind::fifo, 3, kSeed0,
                    {kNone, kNone, kNone, 8, 7, kNone, 4, 2, 5, 7},
                    {"[8]", "[8, 7]", "[8, 7, 4]", "[7, 4, 2]", "[4, 2, 5]", "[4, 2, 5]", "[2, 5, 7]", "[5, 7, 3]",
                     "[7, 3, 4]", "[3, 4, 5]"},
                    1, 9}) &&
      expect_published({"paging-policy.py -C 3 -a 1,2,3,4,1,2,5,1,2,3,4,5 -c", PolicyKind::fifo, 3, kBelady,
                        {kNone, kNone, kNone, 1, 2, 3, 4, kNone, kNone, 1, 2, kNone},
                        {"[1]", "[1, 2]", "[1, 2, 3]", "[2, 3, 4]", "[3, 4, 1]", "[4, 1, 2]", "[1, 2, 5]", "[1, 2, 5]",
                         "[1, 2, 5]", "[2, 5, 3]", "[5, 3, 4]", "[5, 3, 4]"},
                        3, 9}) &&
      expect_published({"paging-policy.py -C 4 -a 1,2,3,4,1,2,5,1,2,3,4,5 -c", PolicyKind::fifo, 4, kBelady,
                        {kNone, kNone, kNone, kNone, kNone, kNone, 1, 2, 3, 4, 5, 1},
                        {"[1]", "[1, 2]", "[1, 2, 3]", "[1, 2, 3, 4]", "[1, 2, 3, 4]", "[1, 2, 3, 4]", "[2, 3, 4, 5]",
                         "[3, 4, 5, 1]", "[4, 5, 1, 2]", "[5, 1, 2, 3]", "[1, 2, 3, 4]", "[2, 3, 4, 5]"},
                        2, 10});
}

TEST(PagingPolicy, LruPublished) {
  expect_published({"OSTEP's README: paging-policy.py --addresses=0,1,2,0,1,3,0,3,1,2,1 --policy=LRU -c",
                    PolicyKind::lru, 3, {0, 1, 2, 0, 1, 3, 0, 3, 1, 2, 1},
                    {kNone, kNone, kNone, kNone, kNone, 2, kNone, kNone, kNone, 0, kNone},
                    {"[0]", "[0, 1]", "[0, 1, 2]", "[1, 2, 0]", "[2, 0, 1]", "[0, 1, 3]", "[1, 3, 0]", "[1, 0, 3]",
                     "[0, 3, 1]", "[3, 1, 2]", "[3, 2, 1]"},
                    6, 5}) &&
      expect_published({"paging-policy.py -s 0 -n 10 -p LRU -c", PolicyKind::lru, 3, kSeed0,
                        {kNone, kNone, kNone, 8, 7, kNone, 2, 5, kNone, 7},
                        {"[8]", "[8, 7]", "[8, 7, 4]", "[7, 4, 2]", "[4, 2, 5]", "[2, 5, 4]", "[5, 4, 7]", "[4, 7, 3]",
                         "[7, 3, 4]", "[3, 4, 5]"},
                        2, 8});
}

// Seed 1 has ties: pages never accessed again, of which OPT must replace the one loaded last.
TEST(PagingPolicy, OptPublished) {
  expect_published({"paging-policy.py -s 0 -n 10 -p OPT -c", PolicyKind::opt, 3, kSeed0,
                    {kNone, kNone, kNone, 8, 2, kNone, kNone, 7, kNone, kNone},
                    {"[8]", "[8, 7]", "[8, 7, 4]", "[7, 4, 2]", "[7, 4, 5]", "[7, 4, 5]", "[7, 4, 5]", "[4, 5, 3]",
                     "[4, 5, 3]", "[4, 5, 3]"},
                    4, 6}) &&
      expect_published({"paging-policy.py -s 1 -n 10 -p OPT -c", PolicyKind::opt, 3, kSeed1,
                        {kNone, kNone, kNone, 8, 2, kNone, 4, kNone, 6, kNone},
                        {"[1]", "[1, 8]", "[1, 8, 7]", "[1, 7, 2]", "[1, 7, 4]", "[1, 7, 4]", "[1, 7, 6]", "[1, 7, 6]",
                         "[1, 7, 0]", "[1, 7, 0]"},
                        3, 7});
}

// ---- CLOCK traces checked by hand (README.md, part 4's rules: a load and a hit set the bit; the hand clears
// set bits as it passes, stops at the first clear one and moves on past the victim) ----

TEST(PagingPolicy, ClockGolden) {
  // Frames 0..2 get 1, 2, 3 (bits 1 1 1). 4: the hand clears all three, comes back to frame 0 and
  // replaces 1, hand at 1. 2 hits (frame 1's bit set again). 5: frame 1 (2) is cleared, frame 2 (3) is
  // replaced, hand at 0. 1: frame 0 holds 4, its bit set by its load: cleared; frame 1 (2) is replaced.
  // FIFO would replace 2 then 3, LRU 3 then 4, a hand that stays on the victim's frame 3 then 4.
  expect_published({"hand-checked", PolicyKind::clock, 3, {1, 2, 3, 4, 2, 5, 1},
                    {kNone, kNone, kNone, 1, kNone, 3, 2}, {}, 1, 6}) &&
      // The hand moves past the victim: 4 replaces 1 in frame 0 (hand at 1), 5 replaces 2 in frame 1 at
      // once (its bit was cleared in the first turn), 6 replaces 3; at 7 every bit is set (4 by its hits,
      // 5 and 6 by their loads): a full turn, and 4 in frame 0 goes. A hand left on the victim's frame
      // would clear 4's bit on the way and replace 5 for 7.
      expect_published({"hand-checked", PolicyKind::clock, 3, {1, 2, 3, 4, 5, 4, 6, 4, 7},
                        {kNone, kNone, kNone, 1, 2, kNone, 3, kNone, 4}, {}, 2, 7}) &&
      // Two frames, both used again before each miss: a full turn clears both bits and the hand comes
      // back to where it started.
      expect_published({"hand-checked", PolicyKind::clock, 2, {1, 2, 1, 2, 3, 1, 3, 4},
                        {kNone, kNone, kNone, kNone, 1, 2, kNone, 3}, {}, 3, 5});
}

// ---- The oracle on fixed and random reference strings ----

// Pages with locality: half the accesses repeat one of the last four pages, the rest are uniform.
std::vector<Ref> random_refs(std::uint64_t seed, std::size_t n, std::uint64_t maxpage, unsigned unmap_percent) {
  std::mt19937_64 rng(seed);
  std::vector<Ref> refs;
  std::vector<std::uint64_t> pages;
  for (std::size_t i = 0; i < n; ++i) {
    if (!pages.empty() && rng() % 100 < unmap_percent) {  // a recently used page leaves memory
      refs.push_back(Ref{pages[pages.size() - 1 - rng() % std::min<std::size_t>(pages.size(), 4)], true});
      continue;
    }
    std::uint64_t page = rng() % maxpage;
    if (!pages.empty() && rng() % 2 == 0) page = pages[pages.size() - 1 - rng() % std::min<std::size_t>(pages.size(), 4)];
    pages.push_back(page);
    refs.push_back(Ref{page, false});
  }
  return refs;
}

// Case i: 1-5 frames, 20-49 accesses over frames + 2 .. frames + 7 pages.
bool random_case(PolicyKind kind, std::uint64_t seed, int i, unsigned unmap_percent) {
  const std::size_t frames = 1 + static_cast<std::size_t>(i % 5);
  const std::size_t n = 20 + static_cast<std::size_t>(i % 30);
  return expect_oracle(kind, frames, random_refs(seed, n, frames + 2 + static_cast<std::uint64_t>(i % 6), unmap_percent));
}

// The fixed strings, then 250 random ones (200 fixed seeds, 50 from the run's seed).
void differential(PolicyKind kind) {
  const std::vector<std::vector<std::uint64_t>> fixed{kSeed0, kSeed1, kBelady, {0, 1, 2, 0, 1, 3, 0, 3, 1, 2, 1},
                                                      {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5}, {1, 1, 1, 2, 2, 3, 1, 4}};
  for (const auto& pages : fixed) {
    for (std::size_t frames = 1; frames <= 5; ++frames) {
      if (!expect_oracle(kind, frames, refs_of(pages))) return;
    }
  }
  for (int i = 0; i < 250; ++i) {
    const std::uint64_t seed = i < 200 ? static_cast<std::uint64_t>(i + 1) : harness::seed() * 1000 + static_cast<std::uint64_t>(i);
    if (!random_case(kind, seed, i, 0)) return;
  }
}

TEST(PagingPolicy, FifoRandom) { differential(PolicyKind::fifo); }
TEST(PagingPolicy, LruRandom) { differential(PolicyKind::lru); }
TEST(PagingPolicy, ClockRandom) { differential(PolicyKind::clock); }
TEST(PagingPolicy, OptRandom) { differential(PolicyKind::opt); }

// Pages unmapped while resident (evicted() without victim()): the slot is empty and filled next, and the
// policy must forget what it knew about it. 100 strings per policy, one event in ten an unmap.
TEST(PagingPolicy, UnmappedPagesLeave) {
  for (PolicyKind kind : {PolicyKind::fifo, PolicyKind::lru, PolicyKind::clock, PolicyKind::opt}) {
    // By hand: FIFO, 3 frames: 1 2 3 fill frames 0-2; 2 leaves (frame 1 empty); 4 goes into frame 1; 5
    // replaces 1 (the oldest), 6 replaces 3, 7 replaces 4 (loaded after 3, though in a lower frame).
    if (kind == PolicyKind::fifo &&
        !expect_oracle(kind, 3, parse_refs("1,2,3,u2,4,5,6,7"))) return;
    for (int i = 0; i < 100; ++i) {
      if (!random_case(kind, 9000 + static_cast<std::uint64_t>(i), i, 10)) return;
    }
  }
}

// ---- Belady's anomaly and the stack property ----

std::vector<std::size_t> student_misses(PolicyKind kind, const std::vector<std::uint64_t>& pages, std::size_t max_frames) {
  std::vector<std::size_t> misses;
  for (std::size_t frames = 1; frames <= max_frames; ++frames) misses.push_back(run_student(kind, frames, refs_of(pages)).misses);
  return misses;
}

std::string counts_text(const std::vector<std::size_t>& misses) {
  std::string out;
  for (std::size_t i = 0; i < misses.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(i + 1) + ": " + std::to_string(misses[i]);
  }
  return out;
}

// FIFO faults more with 4 frames than with 3 on 1,2,3,4,1,2,5,1,2,3,4,5; LRU and OPT are stack
// algorithms (the pages in memory with n frames are among those with n + 1), so more frames never cost
// them a fault; and OPT never faults more than the others.
TEST(PagingPolicy, BeladyAndStackProperty) {
  const std::vector<std::size_t> fifo = student_misses(PolicyKind::fifo, kBelady, 5);
  if (fifo[2] != 9 || fifo[3] != 10) {
    harness::fail_check("FIFO on 1,2,3,4,1,2,5,1,2,3,4,5 must fault 9 times with 3 frames and 10 with 4 (Belady's "
                        "anomaly); your FIFO's faults by frames: " + counts_text(fifo) +
                        "\nsee: ./labs paging --belady --addresses 1,2,3,4,1,2,5,1,2,3,4,5 --cachesize 5");
    return;
  }
  for (int i = 0; i < 60; ++i) {
    const std::vector<std::uint64_t> pages = accesses_of(random_refs(7000 + static_cast<std::uint64_t>(i), 30, 8, 0));
    for (PolicyKind kind : {PolicyKind::lru, PolicyKind::opt}) {
      const std::vector<std::size_t> misses = student_misses(kind, pages, 7);
      for (std::size_t f = 1; f < misses.size(); ++f) {
        if (misses[f] > misses[f - 1]) {
          harness::fail_check(std::string(policy_name(kind)) + " faulted more with " + std::to_string(f + 1) +
                              " frames than with " + std::to_string(f) + " on " + pages_text(pages) +
                              " (a stack algorithm never does); faults by frames: " + counts_text(misses));
          return;
        }
      }
    }
    const std::vector<std::size_t> opt = student_misses(PolicyKind::opt, pages, 5);
    for (PolicyKind other : {PolicyKind::fifo, PolicyKind::lru, PolicyKind::clock}) {
      const std::vector<std::size_t> theirs = misses_by_frames(other, pages, 5);
      for (std::size_t f = 0; f < opt.size(); ++f) {
        if (opt[f] > theirs[f]) {
          harness::fail_check("OPT faulted " + std::to_string(opt[f]) + " times with " + std::to_string(f + 1) +
                              " frames on " + pages_text(pages) + ", more than " + policy_name(other) + " (" +
                              std::to_string(theirs[f]) + "); no policy faults less than OPT");
          return;
        }
      }
    }
  }
}

}  // namespace
}  // namespace paging_lab
