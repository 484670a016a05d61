// Tests of the locks between grader runs: a second run waits for the first, says whom it waits for,
// and takes over as soon as the first is gone (also when the first dies without unlocking).
#include "run_lock.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>

namespace grader {
namespace {

namespace fs = std::filesystem;

// A stream buffer that lets a test wait until something was flushed into it (the waiting message).
class FlushSignal : public std::stringbuf {
 public:
  void wait_for_flush() {
    std::unique_lock lock(mutex_);
    flushed_.wait(lock, [this] { return flushed_once_; });
  }
  std::string text() {
    std::lock_guard lock(mutex_);
    return str();
  }

 protected:
  int sync() override {
    std::lock_guard lock(mutex_);
    flushed_once_ = true;
    flushed_.notify_all();
    return 0;
  }

 private:
  std::mutex mutex_;
  std::condition_variable flushed_;
  bool flushed_once_ = false;
};

TEST(RunLock, ASecondRunWaitsForTheFirstAndNamesIt) {
  const fs::path dir = fs::temp_directory_path() / ("run-lock-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path file = dir / "alice-1234.lock";
  int release[2];
  int locked[2];
  ASSERT_EQ(::pipe(release), 0);
  ASSERT_EQ(::pipe(locked), 0);
  const pid_t first = ::fork();
  if (first == 0) {  // the first run: takes the lock, says so, holds it until told to exit
    std::ostringstream ignored;
    RunLock lock(file, "alice", ignored);
    char byte = 1;
    (void)!::write(locked[1], &byte, 1);
    (void)!::read(release[0], &byte, 1);
    ::_exit(0);  // dies holding the lock: the kernel releases it
  }
  char byte = 0;
  ASSERT_EQ(::read(locked[0], &byte, 1), 1);

  FlushSignal notes_buffer;
  std::ostream notes(&notes_buffer);
  bool acquired = false;
  std::thread second([&] {
    RunLock lock(file, "alice", notes);
    acquired = true;
  });
  notes_buffer.wait_for_flush();  // the second run is waiting and has said so
  EXPECT_EQ(notes_buffer.text(),
            "waiting for another grading run (pid " + std::to_string(first) + ") that is using alice ...\n");
  (void)!::write(release[1], &byte, 1);
  second.join();
  EXPECT_TRUE(acquired);
  int status = 0;
  ::waitpid(first, &status, 0);
  fs::remove_all(dir);
}

TEST(RunLock, AFreeLockIsTakenSilentlyAndTheLockFileSitsBesideTheWorkDirectory) {
  const fs::path dir = fs::temp_directory_path() / ("run-lock-free-" + std::to_string(::getpid()));
  std::ostringstream notes;
  { RunLock lock(dir / "x.lock", "x", notes); }
  { RunLock again(dir / "x.lock", "x", notes); }
  EXPECT_EQ(notes.str(), "");
  EXPECT_EQ(work_lock_file("/w/work/alice-12345678"), fs::path("/w/work/alice-12345678.lock"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace grader
