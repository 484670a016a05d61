// Tests of merge planning: refusals (course, grader build, options, duplicates) and ungraded submissions.
#include "merge_plan.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "app_context.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kClass = {"alice", "bob", "carol", "dave", "erin", "frank", "grace"};

// Shard I/N of kClass in a temporary directory, with a results.json for every submission it owns.
class MergePlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("merge-plan-" + std::to_string(::getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  ShardOutput shard(int index, int count, bool with_results = true) {
    ShardOutput s;
    s.dir = root_ / std::to_string(index);
    s.manifest.shard = {index, count};
    s.manifest.course_hash = "c0";
    s.manifest.grader_version = "0.1.0";
    s.manifest.grader_build = "b0";
    s.manifest.class_dir = "/class";
    s.manifest.labs = {"mutex"};
    s.manifest.submissions = kClass;
    s.manifest.owned = owned_names(kClass, {index, count});
    for (const auto& name : s.manifest.owned) {
      fs::create_directories(s.dir / name);
      if (with_results) std::ofstream(s.dir / name / "results.json") << "{}";
    }
    return s;
  }

  std::vector<ShardOutput> all(int count) {
    std::vector<ShardOutput> shards;
    for (int i = 1; i <= count; ++i) shards.push_back(shard(i, count));
    return shards;
  }

  static std::string refusal(const std::vector<ShardOutput>& shards, const std::string& course_hash = "c0") {
    try {
      plan_merge(shards, course_hash);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "";
  }

  fs::path root_;
};

TEST_F(MergePlanTest, CompleteShardsGradeEveryoneOnceInNameOrder) {
  const MergePlan plan = plan_merge(all(3), "c0");
  EXPECT_TRUE(plan.missing.empty());
  std::vector<std::string> names;
  for (const auto& [name, dir] : plan.graded) names.push_back(name);
  EXPECT_EQ(names, kClass);
  EXPECT_EQ(plan.labs, std::vector<std::string>{"mutex"});
}

TEST_F(MergePlanTest, RefusesADifferentCourseFileAmongShards) {
  auto shards = all(3);
  shards[1].manifest.course_hash = "c1";
  const std::string why = refusal(shards);
  EXPECT_NE(why.find("course.yaml"), std::string::npos) << why;
  EXPECT_NE(why.find(shards[1].dir.string()), std::string::npos) << why;
}

TEST_F(MergePlanTest, RefusesShardsOfAnotherCourseFileThanTheMergingOne) {
  const std::string why = refusal(all(2), "c9");
  EXPECT_NE(why.find("another course.yaml"), std::string::npos) << why;
}

TEST_F(MergePlanTest, RefusesADifferentGraderBuildOrVersion) {
  auto shards = all(3);
  shards[2].manifest.grader_build = "b1";
  EXPECT_NE(refusal(shards).find("grader build"), std::string::npos);
  shards = all(3);
  shards[2].manifest.grader_version = "0.2.0";
  EXPECT_NE(refusal(shards).find("grader version"), std::string::npos);
}

TEST_F(MergePlanTest, RefusesDifferentLabsRunsOnlyOrClassAndNamesEachDifference) {
  auto shards = all(2);
  shards[1].manifest.labs = {"mutex", "semaphore"};
  shards[1].manifest.runs = 2;
  shards[1].manifest.only = "t1";
  shards[1].manifest.class_dir = "/other";
  const std::string why = refusal(shards);
  for (const char* what : {"--labs", "--runs", "--only", "class directory"}) {
    EXPECT_NE(why.find(what), std::string::npos) << what << " not named in:\n" << why;
  }
}

TEST_F(MergePlanTest, RefusesAShardGivenTwiceOrOfAnotherCount) {
  auto shards = all(3);
  shards.push_back(shards[0]);
  EXPECT_NE(refusal(shards).find("given twice"), std::string::npos);
  shards = all(3);
  shards[0] = shard(1, 2);
  EXPECT_NE(refusal(shards).find("shard count"), std::string::npos);
}

TEST_F(MergePlanTest, RefusesASubmissionClaimedByTwoShards) {
  auto shards = all(3);
  shards[0].manifest.owned.push_back(shards[1].manifest.owned.front());
  const std::string why = refusal(shards);
  EXPECT_NE(why.find("two shards"), std::string::npos) << why;
  EXPECT_NE(why.find(shards[1].manifest.owned.front()), std::string::npos) << why;
}

TEST_F(MergePlanTest, ListsEverySubmissionOfAShardNotGivenAndWhichShardToRun) {
  auto shards = all(3);
  const ShardOutput absent = shards[1];
  shards.erase(shards.begin() + 1);
  const MergePlan plan = plan_merge(shards, "c0");
  ASSERT_EQ(plan.missing.size(), absent.manifest.owned.size());
  for (std::size_t i = 0; i < plan.missing.size(); ++i) {
    EXPECT_EQ(plan.missing[i], absent.manifest.owned[i] + " (shard 2/3: not given)");
  }
  ASSERT_EQ(plan.shards_to_rerun.size(), 1u);
  EXPECT_EQ(plan.shards_to_rerun[0].text(), "2/3");
}

TEST_F(MergePlanTest, ListsSubmissionsAKilledShardHasNoResultFor) {
  const std::vector<ShardOutput> shards = {shard(1, 2, /*with_results=*/false), shard(2, 2)};
  const MergePlan plan = plan_merge(shards, "c0");
  EXPECT_EQ(plan.missing.size(), shards[0].manifest.owned.size());
  EXPECT_EQ(plan.graded.size(), kClass.size() - plan.missing.size());
  ASSERT_FALSE(plan.missing.empty());
  EXPECT_NE(plan.missing[0].find("no result yet"), std::string::npos) << plan.missing[0];
}

TEST_F(MergePlanTest, RefusesNothingToMerge) { EXPECT_NE(refusal({}).find("at least one shard"), std::string::npos); }

}  // namespace
}  // namespace grader
