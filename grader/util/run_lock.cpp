// flock-based locks between grader processes, with a message naming the holder while waiting.
#include "run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <fmt/format.h>
#include <ostream>
#include <system_error>

namespace grader {

namespace fs = std::filesystem;

namespace {

// The pid the current holder wrote into the lock file ("" when unknown).
std::string holder_of(int fd) {
  char buffer[32] = {};
  const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string text(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

int flock_retrying(int fd, int operation) {
  int rc;
  do rc = ::flock(fd, operation);
  while (rc != 0 && errno == EINTR);
  return rc;
}

}  // namespace

RunLock::RunLock(const fs::path& lock_file, const std::string& what, std::ostream& notes) {
  fs::create_directories(lock_file.parent_path());
  fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot open lock file " + lock_file.string());
  if (flock_retrying(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) {
      const int error = errno;
      ::close(fd_);
      throw std::system_error(error, std::generic_category(), "cannot lock " + lock_file.string());
    }
    const std::string holder = holder_of(fd_);
    notes << fmt::format("waiting for another grading run{} that is using {} ...\n",
                         holder.empty() ? "" : " (pid " + holder + ")", what)
          << std::flush;
    if (flock_retrying(fd_, LOCK_EX) != 0) {
      const int error = errno;
      ::close(fd_);
      throw std::system_error(error, std::generic_category(), "cannot lock " + lock_file.string());
    }
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, pid.data(), pid.size(), 0);
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

fs::path work_lock_file(const fs::path& key_dir) {
  return key_dir.parent_path() / (key_dir.filename().string() + ".lock");
}

}  // namespace grader
