// Tests of path mapping between staged files, submissions and the user's view.
#include "paths.hpp"

#include <gtest/gtest.h>

namespace grader {
namespace {

TEST(StageMap, MapsStagedPathsToSubmissionPaths) {
  StageMap map("/w/alice-1/stage/");
  EXPECT_EQ(map.to_submission("/w/alice-1/stage/mutex/locks.cpp"), "mutex/locks.cpp");
  EXPECT_EQ(map.to_submission("/w/alice-1/stage/mutex/../mutex/locks.hpp"), "mutex/locks.hpp");
  EXPECT_EQ(map.to_submission("/w/alice-1/stagex/mutex/locks.cpp"), std::nullopt);
  EXPECT_EQ(map.to_submission("/work/main/harness/src/stress.cpp"), std::nullopt);
  EXPECT_EQ(map.to_submission("mutex/locks.cpp"), std::nullopt);
  EXPECT_EQ(map.to_submission(""), std::nullopt);
  EXPECT_EQ(map.to_submission("/w/alice-1/stage"), std::nullopt);
}

TEST(StageMap, RewritesLogs) {
  StageMap map("/w/k/stage");
  EXPECT_EQ(map.rewrite("/w/k/stage/mutex/locks.cpp:12:3: error: x\nIn /w/k/stage/mutex/locks.hpp"),
            "mutex/locks.cpp:12:3: error: x\nIn mutex/locks.hpp");
  EXPECT_EQ(map.rewrite("at /w/k/stage/m/a.cpp", "exercises/"), "at exercises/m/a.cpp");
}

// What the objects call the stage (-ffile-prefix-map): debug information, __FILE__, TSan reports.
TEST(StageMap, MapsTheObjectsNameForTheStage) {
  StageMap map("/w/alice-1/stage");
  EXPECT_EQ(map.to_submission("/labs-submission/mutex/locks.cpp"), "mutex/locks.cpp");
  EXPECT_EQ(map.to_submission("/labs-submissionx/mutex/locks.cpp"), std::nullopt);
  EXPECT_EQ(map.to_submission("/labs-submission"), std::nullopt);
  EXPECT_EQ(map.rewrite("#1 f() /labs-submission/mutex/locks.cpp:14 and /w/alice-1/stage/mutex/locks.hpp:3"),
            "#1 f() mutex/locks.cpp:14 and mutex/locks.hpp:3");
}

TEST(SubmissionKey, SanitizedBasenamePlusStableHash) {
  const std::string a = submission_key("/class/alice");
  EXPECT_EQ(a.rfind("alice-", 0), 0u);
  EXPECT_EQ(a.size(), std::string("alice-").size() + 8);
  EXPECT_EQ(a, submission_key("/class/alice/"));
  EXPECT_NE(a, submission_key("/other/alice"));
  EXPECT_EQ(submission_key("/class/bob smith;rm").rfind("bob_smith_rm-", 0), 0u);
}

TEST(DisplayPath, RelativeToCwdWhenBelow) {
  EXPECT_EQ(display_path("/course/exercises", "mutex/locks.cpp", "/course"), "exercises/mutex/locks.cpp");
  EXPECT_EQ(display_path("/course/exercises/", "mutex/locks.cpp", "/course/exercises"), "mutex/locks.cpp");
  EXPECT_EQ(display_path("/elsewhere/bob", "mutex/locks.cpp", "/course"), "/elsewhere/bob/mutex/locks.cpp");
  EXPECT_EQ(display_dir("/course/examples/class/bob", "/course"), "examples/class/bob");
}

TEST(StableHash, IsFnv1a) {
  EXPECT_EQ(stable_hash(""), 14695981039346656037ull);
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cull);
}

}  // namespace
}  // namespace grader
