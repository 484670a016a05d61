// Tests of the content hash that decides what grade --resume grades again.
#include "content_hash.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

namespace grader {
namespace {

namespace fs = std::filesystem;

class ContentHash : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("content-hash-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    write("alice/mutex/locks.cpp", "int x;");
    write("alice/mutex/locks.hpp", "#pragma once");
    lab_.id = "mutex";
    lab_.files = {"locks.hpp", "locks.cpp"};
    lab_.tests.push_back(TestSpec{"t1", "Test one", "A.B", 5, {"plain"}});
    course_.root = root_;
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  std::string hash(int runs = 1, const std::string& build = "b1") {
    return submission_content_hash(root_ / "alice", {&lab_}, course_, build, runs);
  }

  fs::path root_;
  LabSpec lab_;
  Course course_;
};

TEST_F(ContentHash, StableForTheSameContentAndSixteenHexDigits) {
  const std::string first = hash();
  EXPECT_EQ(first.size(), 16u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
  fs::last_write_time(root_ / "alice/mutex/locks.cpp", fs::file_time_type::clock::now());  // touch only
  EXPECT_EQ(hash(), first);
}

TEST_F(ContentHash, ChangesWithFilesSpecRunsAndBuild) {
  const std::string first = hash();
  write("alice/mutex/locks.cpp", "int y;");
  const std::string edited = hash();
  EXPECT_NE(edited, first);
  write("alice/mutex/extra.hpp", "");
  EXPECT_NE(hash(), edited);
  const std::string with_extra = hash();
  lab_.tests[0].points = 6;
  EXPECT_NE(hash(), with_extra);
  EXPECT_NE(hash(2), hash(1));
  EXPECT_NE(hash(1, "b2"), hash(1, "b1"));
}

TEST_F(ContentHash, OtherLabsFilesDoNotMatter) {
  const std::string first = hash();
  write("alice/semaphore/semaphores.cpp", "int z;");
  EXPECT_EQ(hash(), first);
}

// The hash is computed as root: a link in a submission is hashed as a link (where it points), never read
// through, so a secret it points to neither leaks into nor changes the hash.
TEST_F(ContentHash, LinksAreNeverReadThrough) {
  write("secret.txt", "one");
  fs::remove(root_ / "alice/mutex/locks.cpp");
  fs::create_symlink(root_ / "secret.txt", root_ / "alice/mutex/locks.cpp");
  const std::string linked = hash();
  write("secret.txt", "two");
  EXPECT_EQ(hash(), linked);
  fs::remove(root_ / "alice/mutex/locks.cpp");
  fs::create_symlink(root_ / "other.txt", root_ / "alice/mutex/locks.cpp");
  EXPECT_NE(hash(), linked);

  fs::rename(root_ / "alice/mutex", root_ / "reference");
  fs::create_directory_symlink(root_ / "reference", root_ / "alice/mutex");
  const std::string linked_dir = hash();
  write("reference/locks.hpp", "changed");
  EXPECT_EQ(hash(), linked_dir);
}

TEST_F(ContentHash, BuildIdIsStableWithinARun) {
  BuildInfo build;
  build.compiler = "/usr/bin/c++";
  EXPECT_EQ(grader_build_id(build), grader_build_id(build));
  BuildInfo other = build;
  other.compiler = "/usr/bin/clang++";
  EXPECT_NE(grader_build_id(other), grader_build_id(build));
}

}  // namespace
}  // namespace grader
