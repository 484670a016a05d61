// Submission files read through descriptors opened with O_NOFOLLOW, typed by fstat of what was opened.
#include "submission_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fmt/format.h>
#include <system_error>
#include <vector>

namespace grader {

namespace fs = std::filesystem;

namespace {

// Owns one file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_;
};

// What kind of entry `info` describes, for "... is a symbolic link; submit the file itself".
std::string kind_problem(const struct stat& info, const std::string& name, bool want_directory) {
  const char* submit = want_directory ? "submit the directory itself" : "submit the file itself";
  if (S_ISLNK(info.st_mode)) return fmt::format("{} is a symbolic link; {}", name, submit);
  if (S_ISFIFO(info.st_mode)) return fmt::format("{} is a FIFO (named pipe); {}", name, submit);
  if (S_ISSOCK(info.st_mode)) return fmt::format("{} is a socket; {}", name, submit);
  if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode)) return fmt::format("{} is a device; {}", name, submit);
  if (want_directory && !S_ISDIR(info.st_mode)) return fmt::format("{} is not a directory", name);
  if (!want_directory && S_ISDIR(info.st_mode)) return fmt::format("{} is a directory, not a file", name);
  if (!want_directory && info.st_nlink > 1) {
    return fmt::format("{} is a hard link to another file; submit a copy of the file itself", name);
  }
  return {};
}

// Opens `name` in `dir` as a handle that neither follows a link nor opens a device or FIFO (O_PATH).
Fd open_entry(int dir, const std::string& name) {
  return Fd(::openat(dir, name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
}

std::string read_all(int fd) {
  std::string content;
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return content;
}

// Opens the regular file `name` of `dir` for reading, and checks that what was opened is the very inode
// `expected` (typed while it was only a handle): swapping in a link or another file in between fails.
Fd reopen_for_reading(int dir, const std::string& name, const struct stat& expected) {
  Fd fd(::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
  struct stat now {};
  if (!fd.valid() || ::fstat(fd.get(), &now) != 0) return Fd();
  if (!S_ISREG(now.st_mode) || now.st_nlink > 1 || now.st_dev != expected.st_dev || now.st_ino != expected.st_ino) {
    return Fd();
  }
  return fd;
}

SubmissionFile refused(std::string problem) { return {SubmissionFile::Status::refused, {}, std::move(problem)}; }

}  // namespace

SubmissionFile read_submission_file(const fs::path& root, const fs::path& rel, const std::string& label) {
  Fd dir(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid() && (errno == ENOENT || errno == ENOTDIR)) return {};  // no such directory: nothing in it
  if (!dir.valid()) throw std::system_error(errno, std::generic_category(), "cannot open " + root.string());
  std::vector<std::string> parts;
  for (const auto& part : rel.lexically_normal()) {
    if (part.empty() || part == ".") continue;
    if (part == ".." || part.is_absolute()) return refused(fmt::format("{} leaves its directory", rel.generic_string()));
    parts.push_back(part.string());
  }
  std::string shown = label;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    shown += (shown.empty() ? "" : "/") + parts[i];
    const bool last = i + 1 == parts.size();
    Fd entry = open_entry(dir.get(), parts[i]);
    struct stat info {};
    if (!entry.valid() || ::fstat(entry.get(), &info) != 0) return {};
    if (std::string problem = kind_problem(info, shown, !last); !problem.empty()) return refused(problem);
    if (!last) {
      dir = std::move(entry);  // an O_PATH directory handle works as the base of the next openat
      continue;
    }
    Fd file = reopen_for_reading(dir.get(), parts[i], info);
    if (!file.valid()) return refused(fmt::format("{} changed while it was read; submit it again", shown));
    return {SubmissionFile::Status::ok, read_all(file.get()), {}};
  }
  return {};
}

std::string directory_problem(const fs::path& root, const std::string& name) {
  struct stat info {};
  if (::lstat((root / name).c_str(), &info) != 0) return {};
  return kind_problem(info, name, true);
}

std::string read_regular_file_nofollow(const fs::path& file) {
  try {
    return read_submission_file(file.parent_path(), file.filename(), "").content;
  } catch (const std::system_error&) {
    return {};  // an unreadable directory: nothing to read
  }
}

}  // namespace grader
