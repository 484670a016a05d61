// Locks that keep concurrent grader runs apart: one per submission work directory, one per --out.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

namespace grader {

// An exclusive advisory lock (flock) on a lock file, held until destroyed. Another process (or another
// open of the same file) that asks for it waits, after saying once on `notes` whom it waits for. The
// holder's pid is written into the file so that the waiting message can name it. flock locks die with
// their process, so a killed run never leaves a stale lock behind.
class RunLock {
 public:
  // Blocks until the lock on `lock_file` is held (creates the file and its directory). `what` names
  // what is protected, for the message: "waiting for another grading run (pid 123) using WHAT ...".
  // Throws std::system_error when the file cannot be created or locked.
  RunLock(const std::filesystem::path& lock_file, const std::string& what, std::ostream& notes);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

// The lock file of a submission's work directory `key_dir` (<work>/<key>): "<work>/<key>.lock", beside
// it, so that removing the work directory never removes a lock someone holds.
std::filesystem::path work_lock_file(const std::filesystem::path& key_dir);

// The lock file of a grade --out directory; it does not count as a result in that directory.
inline constexpr const char* kOutputLockFile = ".labs-lock";

}  // namespace grader
