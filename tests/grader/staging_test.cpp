// Tests of staging: copies only what changed (mtimes stay), removes vanished files, never writes the source.
#include "staging.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "submission_files.hpp"
#include "text_files.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;

class StagingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("grader_staging_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "sub/mutex");
    write("sub/mutex/locks.hpp", "// hpp\n");
    write("sub/mutex/locks.cpp", "// cpp\n");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(root_ / rel, std::ios::trunc) << text; }
  StageOutcome stage() { return stage_files(root_ / "sub", "mutex", {"locks.hpp", "locks.cpp"}, root_ / "stage/mutex"); }

  fs::path root_;
};

TEST_F(StagingTest, CopiesEverythingTheFirstTime) {
  const auto outcome = stage();
  EXPECT_EQ(outcome.copied.size(), 2u);
  EXPECT_TRUE(outcome.missing.empty());
  EXPECT_EQ(read_file_text(root_ / "stage/mutex/locks.cpp"), "// cpp\n");
}

TEST_F(StagingTest, UnchangedFilesKeepTheirMtime) {
  stage();
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(root_ / "stage/mutex/locks.hpp", old_time);
  fs::last_write_time(root_ / "stage/mutex/locks.cpp", old_time);
  write("sub/mutex/locks.cpp", "// changed\n");
  const auto outcome = stage();
  EXPECT_EQ(outcome.copied, std::vector<std::string>{"locks.cpp"});
  EXPECT_EQ(fs::last_write_time(root_ / "stage/mutex/locks.hpp"), old_time);
  EXPECT_NE(fs::last_write_time(root_ / "stage/mutex/locks.cpp"), old_time);
  EXPECT_EQ(read_file_text(root_ / "stage/mutex/locks.cpp"), "// changed\n");
}

TEST_F(StagingTest, MissingFilesAreReportedAndStaleCopiesRemoved) {
  stage();
  fs::remove(root_ / "sub/mutex/locks.hpp");
  const auto outcome = stage();
  EXPECT_EQ(outcome.missing, std::vector<std::string>{"locks.hpp"});
  EXPECT_FALSE(fs::exists(root_ / "stage/mutex/locks.hpp"));
}

// A submission is data: a link to a secret, to the reference, or a whole lab directory linked elsewhere
// is refused with the path named, never read, and no earlier staged copy survives in its place.
TEST_F(StagingTest, RefusesLinksAndSpecialFilesWithoutReadingThem) {
  write("secret.txt", "SECRET\n");
  stage();
  fs::remove(root_ / "sub/mutex/locks.cpp");
  fs::create_symlink(root_ / "secret.txt", root_ / "sub/mutex/locks.cpp");
  auto outcome = stage();
  EXPECT_EQ(outcome.refused, std::vector<std::string>{"mutex/locks.cpp is a symbolic link; submit the file itself"});
  EXPECT_FALSE(fs::exists(root_ / "stage/mutex/locks.cpp"));

  fs::remove(root_ / "sub/mutex/locks.cpp");
  fs::create_hard_link(root_ / "secret.txt", root_ / "sub/mutex/locks.cpp");
  outcome = stage();
  EXPECT_EQ(outcome.refused,
            std::vector<std::string>{"mutex/locks.cpp is a hard link to another file; submit a copy of the file itself"});

  fs::remove(root_ / "sub/mutex/locks.cpp");
  ASSERT_EQ(::mkfifo((root_ / "sub/mutex/locks.cpp").c_str(), 0600), 0);
  outcome = stage();  // would block forever if the FIFO were opened for reading
  EXPECT_EQ(outcome.refused, std::vector<std::string>{"mutex/locks.cpp is a FIFO (named pipe); submit the file itself"});

  fs::remove(root_ / "sub/mutex/locks.cpp");
  fs::create_directory(root_ / "sub/mutex/locks.cpp");
  outcome = stage();
  EXPECT_EQ(outcome.refused, std::vector<std::string>{"mutex/locks.cpp is a directory, not a file"});
}

TEST_F(StagingTest, RefusesALinkedLabDirectory) {
  fs::rename(root_ / "sub/mutex", root_ / "reference");
  fs::create_directory_symlink(root_ / "reference", root_ / "sub/mutex");
  const auto outcome = stage();
  EXPECT_EQ(outcome.refused, (std::vector<std::string>{"mutex is a symbolic link; submit the directory itself",
                                                       "mutex is a symbolic link; submit the directory itself"}));
  EXPECT_TRUE(outcome.copied.empty());
  EXPECT_EQ(directory_problem(root_ / "sub", "mutex"), "mutex is a symbolic link; submit the directory itself");
  EXPECT_EQ(directory_problem(root_, "reference"), "");
  EXPECT_EQ(directory_problem(root_, "absent"), "");
}

TEST_F(StagingTest, ReadsRegularFilesInSubdirectoriesButNoLinkOnTheWay) {
  fs::create_directories(root_ / "sub/mutex/impl");
  write("sub/mutex/impl/a.hpp", "// a\n");
  SubmissionFile a = read_submission_file(root_ / "sub", "mutex/impl/a.hpp", "");
  EXPECT_EQ(a.status, SubmissionFile::Status::ok);
  EXPECT_EQ(a.content, "// a\n");
  fs::rename(root_ / "sub/mutex/impl", root_ / "impl");
  fs::create_directory_symlink(root_ / "impl", root_ / "sub/mutex/impl");
  a = read_submission_file(root_ / "sub", "mutex/impl/a.hpp", "");
  EXPECT_EQ(a.status, SubmissionFile::Status::refused);
  EXPECT_EQ(a.problem, "mutex/impl is a symbolic link; submit the directory itself");
  EXPECT_EQ(read_submission_file(root_ / "sub", "mutex/none.hpp", "").status, SubmissionFile::Status::missing);
  EXPECT_EQ(read_submission_file(root_ / "sub", "../secret", "").status, SubmissionFile::Status::refused);
  fs::create_symlink("/etc/hostname", root_ / "link");
  EXPECT_EQ(read_regular_file_nofollow(root_ / "link"), "");
  EXPECT_EQ(read_regular_file_nofollow(root_ / "sub/mutex/locks.hpp"), "// hpp\n");
}

TEST_F(StagingTest, WriteIfChanged) {
  const fs::path f = root_ / "gen/build.ninja";
  EXPECT_TRUE(write_if_changed(f, "a"));
  EXPECT_FALSE(write_if_changed(f, "a"));
  EXPECT_TRUE(write_if_changed(f, "b"));
  EXPECT_EQ(read_file_text(f), "b");
}

// `--output /dev/null` once replaced the device with a regular file (a temporary renamed over it). A FIFO
// stands in for the device here, so a regression cannot damage the machine.
TEST_F(StagingTest, WritesIntoADeviceOrFifoInsteadOfReplacingIt) {
  for (const bool atomic_export : {false, true}) {
    const fs::path fifo = root_ / (atomic_export ? "export.fifo" : "stage.fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // Opened before the write (non-blocking), so the writer's open never waits for a reader.
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    if (atomic_export) {
      write_file_atomically(fifo, "results");
    } else {
      write_if_changed(fifo, "results");
    }
    char buffer[64] = {};
    const ssize_t got = ::read(reader, buffer, sizeof buffer - 1);
    ::close(reader);
    EXPECT_EQ(std::string(buffer, got > 0 ? static_cast<std::size_t>(got) : 0), "results");
    EXPECT_TRUE(fs::is_fifo(fifo)) << fifo;
  }
}

}  // namespace
}  // namespace grader
