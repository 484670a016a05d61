// The paging lab's policy oracle and OSTEP's random pages, checked against paging-policy.py's
// published outputs (ctest names "harness.plain.paging_policy_oracle.*").
#include <gtest/gtest.h>

#include <algorithm>

#include "ostep_random.hpp"
#include "policy_oracle.hpp"

namespace paging_lab {
namespace {

std::vector<std::string> memories(const Trace& t) {
  std::vector<std::string> out;
  for (const Step& s : t.steps) out.push_back(memory_text(s.memory));
  return out;
}

TEST(paging_policy_oracle, RandomPagesMatchPythonsSeeds) {
  EXPECT_EQ(ostep_addresses(0, 10, 10), (std::vector<std::uint64_t>{8, 7, 4, 2, 5, 4, 7, 3, 4, 5}));
  EXPECT_EQ(ostep_addresses(1, 10, 10), (std::vector<std::uint64_t>{1, 8, 7, 2, 4, 4, 6, 7, 0, 0}));
  EXPECT_EQ(ostep_addresses(10, 3, 10), (std::vector<std::uint64_t>{5, 4, 5}));
}

TEST(paging_policy_oracle, PublishedLruAndFifoAndOpt) {
  const Trace lru = oracle_trace(PolicyKind::lru, 3, refs_of({0, 1, 2, 0, 1, 3, 0, 3, 1, 2, 1}));
  EXPECT_EQ(memories(lru), (std::vector<std::string>{"[0]", "[0, 1]", "[0, 1, 2]", "[1, 2, 0]", "[2, 0, 1]", "[0, 1, 3]",
                                                      "[1, 3, 0]", "[1, 0, 3]", "[0, 3, 1]", "[3, 1, 2]", "[3, 2, 1]"}));
  EXPECT_EQ(lru.hits, 6u);
  const std::vector<std::uint64_t> seed0{8, 7, 4, 2, 5, 4, 7, 3, 4, 5};
  EXPECT_EQ(oracle_trace(PolicyKind::fifo, 3, refs_of(seed0)).hits, 1u);
  EXPECT_EQ(oracle_trace(PolicyKind::lru, 3, refs_of(seed0)).hits, 2u);
  EXPECT_EQ(oracle_trace(PolicyKind::opt, 3, refs_of(seed0)).hits, 4u);
  const Trace opt1 = oracle_trace(PolicyKind::opt, 3, refs_of({1, 8, 7, 2, 4, 4, 6, 7, 0, 0}));
  EXPECT_EQ(memories(opt1).back(), "[1, 7, 0]");
  EXPECT_EQ(opt1.steps[3].victim, std::optional<std::uint64_t>(8));  // a tie: the page loaded last goes
}

TEST(paging_policy_oracle, BeladysAnomaly) {
  const std::vector<std::uint64_t> pages{1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};
  const std::vector<std::size_t> fifo = misses_by_frames(PolicyKind::fifo, pages, 4);
  EXPECT_EQ(fifo[2], 9u);
  EXPECT_EQ(fifo[3], 10u);
  const std::vector<std::size_t> lru = misses_by_frames(PolicyKind::lru, pages, 5);
  EXPECT_TRUE(std::is_sorted(lru.rbegin(), lru.rend()));
}

}  // namespace
}  // namespace paging_lab
