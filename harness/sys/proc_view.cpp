// /proc views of the test's processes: descriptors, children, what a process waits for; reaping orphans.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>

#include "harness/processes.hpp"
#include "proc_text.hpp"

namespace harness::processes {
namespace {

std::string proc_path(pid_t pid) { return pid == 0 ? "/proc/self" : "/proc/" + std::to_string(pid); }

std::string read_text(const std::string& path) { return read_proc_text(path); }

std::string read_link(const std::string& path) {
  char target[256];
  const ssize_t n = ::readlink(path.c_str(), target, sizeof target - 1);
  return n < 0 ? std::string() : std::string(target, static_cast<std::size_t>(n));
}

unsigned long pipe_of(const std::string& target) {
  if (target.rfind("pipe:[", 0) != 0) return 0;
  return std::strtoul(target.c_str() + 6, nullptr, 10);
}

// The "flags:" line of /proc/PID/fdinfo/FD (octal open flags, O_CLOEXEC included).
long fd_flags(const std::string& fdinfo) {
  const auto at = fdinfo.find("flags:");
  return at == std::string::npos ? 0 : std::strtol(fdinfo.c_str() + at + 6, nullptr, 8);
}

std::vector<pid_t> all_pids() {
  std::vector<pid_t> pids;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr) return pids;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] >= '1' && entry->d_name[0] <= '9') pids.push_back(std::atoi(entry->d_name));
  }
  ::closedir(dir);
  return pids;
}

struct StatLine {
  bool ok = false;
  std::string comm;
  char state = '?';
  pid_t ppid = 0, pgid = 0;
};

StatLine read_stat(pid_t pid) {
  const std::string text = read_text(proc_path(pid) + "/stat");
  const auto open = text.find('('), close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos) return {};
  StatLine line{true, text.substr(open + 1, close - open - 1)};
  std::istringstream rest(text.substr(close + 1));
  rest >> line.state >> line.ppid >> line.pgid;
  return line;
}

bool sigkill_pending(pid_t pid) {
  const std::string status = read_text(proc_path(pid) + "/status");
  for (const char* field : {"ShdPnd:", "SigPnd:"}) {
    const auto at = status.find(field);
    if (at != std::string::npos && (std::strtoull(status.c_str() + at + 7, nullptr, 16) & (1ULL << (SIGKILL - 1))) != 0) return true;
  }
  return false;
}

bool forked_by_me(pid_t pid, const std::vector<ForkRecord>& forks) {
  return std::any_of(forks.begin(), forks.end(), [&](const ForkRecord& f) { return f.child == pid && f.parent == ::getpid(); });
}

}  // namespace

std::vector<OpenFd> open_fds(pid_t pid) {
  std::vector<OpenFd> fds;
  const std::string base = proc_path(pid);
  DIR* dir = ::opendir((base + "/fd").c_str());
  if (dir == nullptr) return fds;
  const int own = ::dirfd(dir);
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    const int fd = std::atoi(entry->d_name);
    if (pid == 0 && fd == own) continue;
    OpenFd open;
    open.fd = fd;
    open.target = read_link(base + "/fd/" + entry->d_name);
    if (open.target.empty()) continue;  // closed between readdir and readlink (another thread's, for a moment)
    open.pipe = pipe_of(open.target);
    const long flags = fd_flags(read_text(base + "/fdinfo/" + entry->d_name));
    open.writes = (flags & 3) == 1 || (flags & 3) == 2;
    open.reads = (flags & 3) == 0 || (flags & 3) == 2;
    open.cloexec = (flags & 02000000) != 0;
    fds.push_back(open);
  }
  ::closedir(dir);
  std::sort(fds.begin(), fds.end(), [](const OpenFd& a, const OpenFd& b) { return a.fd < b.fd; });
  return fds;
}

namespace {

// The calling process's children from /proc/self/task/*/children, or by scanning /proc when the kernel
// does not offer that file (CONFIG_PROC_CHILDREN).
std::vector<pid_t> candidate_children() {
  std::vector<pid_t> pids;
  DIR* tasks = ::opendir("/proc/self/task");
  bool listed = tasks != nullptr;
  while (tasks != nullptr && listed) {
    const dirent* entry = ::readdir(tasks);
    if (entry == nullptr) break;
    if (entry->d_name[0] == '.') continue;
    const std::string path = std::string("/proc/self/task/") + entry->d_name + "/children";
    if (::access(path.c_str(), R_OK) != 0) {
      listed = false;
      break;
    }
    std::istringstream in(read_text(path));
    for (pid_t pid = 0; in >> pid;) pids.push_back(pid);
  }
  if (tasks != nullptr) ::closedir(tasks);
  return listed ? pids : all_pids();
}

}  // namespace

std::vector<ChildProcess> children() {
  std::vector<ChildProcess> found;
  const pid_t me = ::getpid();
  const std::vector<ForkRecord> forks = CallLog::forks();
  for (const pid_t pid : candidate_children()) {
    const StatLine stat = read_stat(pid);
    if (!stat.ok || stat.ppid != me) continue;
    found.push_back({pid, stat.state, stat.pgid, stat.comm, forked_by_me(pid, forks), sigkill_pending(pid)});
  }
  return found;
}

void become_subreaper() { ::prctl(PR_SET_CHILD_SUBREAPER, 1); }

std::vector<ChildProcess> reap_reparented() {
  std::vector<ChildProcess> running;
  for (const ChildProcess& child : children()) {
    if (child.forked_by_student) continue;
    if (child.state == 'Z' || child.dying) {
      ::waitpid(child.pid, nullptr, 0);
    } else {
      running.push_back(child);
    }
  }
  return running;
}

void kill_and_reap_all_children() {
  for (int round = 0; round < 50; ++round) {
    const std::vector<ChildProcess> left = children();
    if (left.empty()) return;
    for (const ChildProcess& child : left) ::kill(child.pid, SIGKILL);
    for (const ChildProcess& child : left) ::waitpid(child.pid, nullptr, 0);
  }
}

std::string describe_activity(pid_t pid) {
  const StatLine stat = read_stat(pid);
  if (!stat.ok) return "has exited and was reaped";
  if (stat.state == 'Z') return "has exited; nobody waited for it (a zombie)";
  if (stat.state == 'R') return "runs";
  std::istringstream call(read_text(proc_path(pid) + "/syscall"));
  long number = -1;
  std::string fd_text;
  call >> number >> fd_text;
  const long fd = std::strtol(fd_text.c_str(), nullptr, 16);
  auto target = [&] {
    const std::string link = read_link(proc_path(pid) + "/fd/" + std::to_string(fd));
    return link.rfind("pipe:", 0) == 0 ? " (" + link + ")" : std::string();
  };
  switch (number) {
    case 0: return "waits to read from fd " + std::to_string(fd) + target();
    case 1: return "waits to write to fd " + std::to_string(fd) + target();
    case 61: case 247: return "waits for a child (waitpid)";
    case 35: case 230: return "sleeps";
    default: break;
  }
  const std::string wchan = read_text(proc_path(pid) + "/wchan");
  if (wchan.find("pipe_read") != std::string::npos) return "waits to read from a pipe";
  if (wchan.find("pipe_write") != std::string::npos) return "waits to write to a full pipe";
  if (wchan.find("wait") != std::string::npos) return "waits for a child (waitpid)";
  return "sleeps (" + (wchan.empty() || wchan == "0" ? std::string("state ") + stat.state : wchan) + ")";
}

std::string read_proc_text(const std::string& path) {
  std::string text;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return text;
}

}  // namespace harness::processes
