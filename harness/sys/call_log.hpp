// Internal: the processes lab's call log in memory shared by every process of a test (see processes.hpp).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>

#include "lab/source_location.hpp"

namespace harness::processes {

// A call site as a raw pointer into the binary's read-only strings: valid in every process forked from
// the test process, since none of them exec'd before recording it.
struct RawSite {
  const char* file = nullptr;
  unsigned line = 0;
};
inline RawSite raw_site(const lab::source_location& where) noexcept { return {where.file_name(), where.line()}; }

inline constexpr int kMaxExecArgs = 8;
inline constexpr int kMaxArgChars = 40;
inline constexpr int kMaxExecFds = 32;

struct RawExecFd {
  int fd;
  unsigned long pipe;
  bool writes;
  bool cloexec;
};

struct RawExec {
  std::atomic<bool> ready;
  pid_t pid;
  int nargs;
  char argv[kMaxExecArgs][kMaxArgChars];
  int nfds;
  RawExecFd fds[kMaxExecFds];
  RawSite site;
  int error;
};

struct RawPipe {
  std::atomic<bool> ready;
  unsigned long inode;
  pid_t maker;
  int read_fd, write_fd;
  RawSite site;
};

struct RawFork {
  std::atomic<bool> ready;
  pid_t parent, child;
  RawSite site;
};

struct RawViolation {
  std::atomic<bool> ready;
  char what[112];
  pid_t pid;
  RawSite fork_site, site;
  int threads_in_parent;
};

// The shared region: mapped MAP_SHARED once, before the first fork; every slot is reserved with a
// fetch_add and published with its `ready` flag, so writers in different processes never collide.
struct SharedLog {
  std::atomic<std::uint64_t> calls;
  std::atomic<int> exec_count, pipe_count, fork_count, violation_count;
  std::atomic<std::uint64_t> fault_eintr, fault_short, fault_fork, fault_exec;
  RawExec execs[96];
  RawPipe pipes[192];
  RawFork forks[192];
  RawViolation violations[32];
};

// The region (mapped on first use; the test process uses it before it forks). Never null.
SharedLog& shared_log() noexcept;

// Appends to the log; silently drops a record when its table is full. Async-signal-safe.
void log_fork(pid_t parent, pid_t child, RawSite site) noexcept;
void log_pipe(unsigned long inode, int read_fd, int write_fd, RawSite site) noexcept;
RawExec* begin_exec_record(RawSite site) noexcept;  // null when full; publish with ready=true
void log_violation(const char* what, RawSite site) noexcept;

// Per-process facts of a forked child, kept in ordinary (copied-on-fork) memory.
struct ChildFacts {
  bool is_child = false;          // made by lab::sys::fork in this process's line
  bool exec_pending = false;      // a child of a multithreaded parent that has not exec'd yet
  int threads_in_parent = 0;
  RawSite fork_site;
  // The last lab::sys call of this process (read by the watchdog's thread, hence atomic).
  std::atomic<const char*> last_file{nullptr};
  std::atomic<unsigned> last_line{0};
  RawSite last_site() const noexcept { return {last_file.load(std::memory_order_relaxed), last_line.load(std::memory_order_relaxed)}; }
  void set_last_site(RawSite site) noexcept {
    last_file.store(site.file, std::memory_order_relaxed);
    last_line.store(site.line, std::memory_order_relaxed);
  }
};
ChildFacts& child_facts() noexcept;

// Threads of the calling process (/proc/self/stat), read with async-signal-safe calls only.
int thread_count() noexcept;

}  // namespace harness::processes
