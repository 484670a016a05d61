// Resource limits of one untrusted process tree: rlimits set in the child, a per-run cgroup, and a watch.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace grader {

// Limits of one test (or build) run. Per-process limits are rlimits the child sets before exec; the
// memory and task limits cover every process of the run together (a cgroup when the machine lets the
// grader create one, else a watch of the process tree that kills over the bound).
struct ResourceLimits {
  std::chrono::seconds cpu{0};           // RLIMIT_CPU per process; 0 = unlimited
  std::optional<std::size_t> address_space;  // RLIMIT_AS; none for sanitizer builds (they reserve terabytes)
  std::size_t file_size = 64u << 20;     // RLIMIT_FSIZE: the largest file a process may write
  int open_files = 256;                  // RLIMIT_NOFILE
  std::size_t memory = 1u << 30;         // resident memory of all processes together
  int tasks = 512;                       // processes + threads of the run together
  std::size_t disk = 128u << 20;         // bytes in the watched writable directories together
  std::size_t output = 0;                // bytes of stdout+stderr before the run is killed; 0 = unlimited
  std::vector<std::filesystem::path> watched_dirs;  // the run's writable directories on the host
};

// Why the grader killed a run for a resource, for the one-line reason (empty: it did not).
struct LimitBreach {
  std::string what;  // "memory", "tasks", "disk"
  std::string reason;  // "used more than 1024 MB of memory (all its processes together)"
  bool empty() const { return what.empty(); }
};

// Values the child needs after fork(), prepared before it so that the child calls only
// async-signal-safe functions (setrlimit, open, write, close).
struct ChildLimits {
  ResourceLimits limits;
  bool set_nproc = false;  // RLIMIT_NPROC as the fallback task bound (no pids cgroup)
  long nproc = 0;
  std::vector<std::string> cgroup_procs_files;  // "<cgroup>/cgroup.procs" to join, one per controller

  // In the forked child, before exec: sets the rlimits (RLIMIT_CORE = 0 always) and joins the cgroups.
  // Returns false when a cgroup could not be joined (the run must not start unbounded).
  bool apply_in_child() const noexcept;
};

// A memory + pids cgroup (v1 or v2) for one run, removed by the destructor after killing what is left.
// Thread-safe to create several at once (unique names).
class RunCgroup {
 public:
  // A new cgroup bounding memory and tasks; nullptr when cgroups are not writable here.
  static std::unique_ptr<RunCgroup> create(const ResourceLimits& limits);
  ~RunCgroup();
  RunCgroup(const RunCgroup&) = delete;
  RunCgroup& operator=(const RunCgroup&) = delete;

  // The cgroup.procs files a child writes its pid into.
  const std::vector<std::string>& procs_files() const { return procs_files_; }
  // SIGKILLs every process in the cgroup until none is left (or ~2 s passed). Returns how many it killed.
  int kill_all();
  // The memory or task limit was hit (the kernel's OOM killer acted, or a fork failed at pids.max).
  LimitBreach breach(const ResourceLimits& limits) const;

 private:
  RunCgroup() = default;
  std::vector<std::filesystem::path> dirs_;  // one per controller (v1) or the one v2 group
  std::vector<std::string> procs_files_;
  std::filesystem::path memory_dir_;
  std::filesystem::path pids_dir_;
  bool v2_ = false;
};

// Whether this machine gives the grader writable cgroups ("cgroup v1 memory+pids", or why not).
std::string cgroup_support();

// The fallback watch: resident memory and task count of the process tree under `root`, and the bytes
// in `limits.watched_dirs`. Call it periodically while the run lives.
class TreeWatch {
 public:
  TreeWatch(pid_t root, const ResourceLimits& limits, bool check_memory_and_tasks);
  // A breach when a limit is exceeded now; checks memory and tasks every call, the disk every 4th.
  LimitBreach check();
  // SIGKILLs every process seen in the tree by check() that still runs (children that left the process
  // group with setsid and were orphaned). Only tracks processes when memory and tasks are watched.
  void kill_seen() const;

 private:
  pid_t root_;
  const ResourceLimits& limits_;
  bool tree_;
  int calls_ = 0;
  std::set<pid_t> seen_;
};

// RLIMIT_NPROC that bounds a run to about `tasks` more tasks: the limit counts every task of the
// user, so it is the machine's current task count plus `tasks` (a fallback without a pids cgroup).
long nproc_bound(int tasks);

// The processes whose parent chain leads to `root` (root included), from /proc.
std::vector<pid_t> process_tree(pid_t root);

// Bytes in regular files below `dir` (at most `cap_entries` entries looked at).
std::size_t directory_bytes(const std::filesystem::path& dir, std::size_t cap_entries = 100000);

}  // namespace grader
