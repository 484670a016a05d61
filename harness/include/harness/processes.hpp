// What the processes lab's tests see of lab::sys: the shared call log, /proc views, fault plans, the monitor.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace harness::processes {

// ---- /proc views ------------------------------------------------------------------------------------

// One open descriptor of a process, as /proc/PID/fd and /proc/PID/fdinfo show it.
struct OpenFd {
  int fd = -1;
  std::string target;        // the link: "pipe:[1234]", "/dev/null", "socket:[..]"
  unsigned long pipe = 0;    // the pipe's inode when target is a pipe, else 0
  bool writes = false;       // opened for writing (a pipe's write end)
  bool reads = false;        // opened for reading (a pipe's read end)
  bool cloexec = false;      // closed by exec
};

// The open descriptors of `pid` (0: the calling process), sorted by fd; empty when it is gone.
std::vector<OpenFd> open_fds(pid_t pid = 0);

// A process whose parent is the calling process (after `become_subreaper`, also orphaned descendants).
struct ChildProcess {
  pid_t pid = 0;
  char state = '?';       // /proc/PID/stat: R, S, D, Z (zombie), T...
  pid_t pgid = 0;
  std::string name;       // the helper's name (lab-gen...) or the program's comm
  bool forked_by_student = false;  // returned by a lab::sys::fork of this process
  bool dying = false;     // SIGKILL is pending: it is about to be a zombie
};
std::vector<ChildProcess> children();

// Makes the calling process the reaper of its orphaned descendants (PR_SET_CHILD_SUBREAPER), so a
// grandchild left running after its parent died shows up in children() instead of vanishing to init.
void become_subreaper();

// Waits for the processes in children() that the student did not fork (reparented orphans) once they are
// zombies or dying; returns those still running. Never touches the student's own children.
std::vector<ChildProcess> reap_reparented();

// Kills (SIGKILL) and reaps every process in children(): the cleanup after a failed check.
void kill_and_reap_all_children();

// What a process is doing, from /proc/PID/syscall and stat: "waits to write to fd 1 (a pipe)", "waits to
// read from fd 0 (a pipe)", "waits for a child", "sleeps", "runs", "has exited; nobody waited for it".
std::string describe_activity(pid_t pid);

// ---- the call log (shared by every process of the test, written with async-signal-safe code) -----------

// A source line of a lab::sys call: the student's file and line.
struct CallSite {
  std::string file;
  unsigned line = 0;
  std::string text() const;  // "process.cpp:42" (the file's name only)
};

// A descriptor a process held when it called lab::sys::execvp (and so still holds in the new program
// unless `cloexec`).
struct ExecFd {
  int fd = -1;
  unsigned long pipe = 0;  // pipe inode, 0 when not a pipe
  bool writes = false;
  bool cloexec = false;
};

// One lab::sys::execvp call, recorded in the child just before the real exec.
struct ExecRecord {
  pid_t pid = 0;
  std::vector<std::string> argv;  // as the student passed it (at most 8 arguments of 40 characters kept)
  std::vector<ExecFd> fds;
  CallSite site;
  int error = 0;                  // errno when the exec failed (the call returned), else 0
};

// One pipe made by lab::sys::pipe/pipe2.
struct PipeRecord {
  unsigned long inode = 0;
  pid_t maker = 0;
  int read_fd = -1, write_fd = -1;
  CallSite site;
  int number = 0;  // 1 for the first pipe of the scope, ...
};

// Something a process did that it must not: what, by whom, where.
struct Violation {
  std::string what;  // "called operator new (malloc)", "returned from lab::sys::execvp's failure into the test"
  pid_t pid = 0;
  CallSite fork_site;  // the fork that made this process (if known)
  CallSite site;       // the last lab::sys call of the process before it
  int threads_in_parent = 0;
};

struct ForkRecord {
  pid_t parent = 0, child = 0;
  CallSite site;
};

// The log since the last CallLog::reset() (or the start of the test binary).
class CallLog {
 public:
  static void reset();
  static std::vector<ExecRecord> execs();
  static std::vector<PipeRecord> pipes();
  static std::vector<ForkRecord> forks();
  static std::vector<Violation> violations();
  static std::uint64_t calls();  // lab::sys calls of every process so far
  // The pipe made by lab::sys::pipe with this inode (nullptr: not one of the student's pipes).
  static const PipeRecord* pipe_named(const std::vector<PipeRecord>& pipes, unsigned long inode);
};

// Records a call that is not async-signal-safe when made in a child of a multithreaded parent between
// lab::sys::fork and lab::sys::execvp (the lab's operator new and pthread_mutex_lock hooks call it). Safe
// to call anywhere; a no-op outside such a child. Async-signal-safe.
void note_call_after_fork(const char* what) noexcept;

// Ends a child process that returned from the student's code into the test's (a failed exec that did not
// exit, a worker that returned): records "returned from `call` into the test" and _exits with status 125.
[[noreturn]] void end_escaped_child(const char* call) noexcept;
inline constexpr int kEscapedChildStatus = 125;

// Whether the calling process is a child of a multithreaded parent that has not exec'd yet.
bool in_child_of_threaded_parent() noexcept;

// The pid of the test process itself (the one the grader started).
pid_t test_pid() noexcept;

// ---- fault injection ------------------------------------------------------------------------------------

// Faults lab::sys calls make while a FaultPlan lives (in this process and in the children it forks), drawn
// from the test's seed (harness::seed()), so a seed replays them exactly.
struct FaultRates {
  double eintr = 0;          // read, write, waitpid, nanosleep: fail with EINTR before doing anything
  bool eintr_alternate = false;  // ...and instead of by chance, every other such call of each thread
  double short_io = 0;       // read, write: move between 1 byte and half of what was asked
  int fail_fork_from = 0;    // the Nth lab::sys::fork of the test process (1-based) fails with EAGAIN...
  int fail_fork_count = 0;   // ...and so do this many in a row (0: none)
  std::string fail_exec_program;  // every lab::sys::execvp of this program fails with ENOENT (empty: none)
};
class FaultPlan {
 public:
  explicit FaultPlan(const FaultRates& rates);
  ~FaultPlan();
  FaultPlan(const FaultPlan&) = delete;
  FaultPlan& operator=(const FaultPlan&) = delete;
  // Faults made so far, by every process: "EINTR x12, short x30, fork EAGAIN x1, exec ENOENT x0".
  static std::string summary();
};

// ---- the monitor -----------------------------------------------------------------------------------

// While it lives: a thread counts the student's processes' progress (lab::sys calls, bytes their
// programs read and write, processes that are running) as harness::progress() for the watchdog, and the
// watchdog's diagnosis of a stall describes `stages` — the programs the test expects to run, in order,
// each with what it is doing, and who holds the write ends of the pipes the waiting readers read.
// `note`, when set, adds the test's own words to that diagnosis (called from the watchdog's thread).
class ProcessMonitor {
 public:
  explicit ProcessMonitor(std::vector<std::vector<std::string>> stages, std::string (*note)() = nullptr);
  ~ProcessMonitor();
  ProcessMonitor(const ProcessMonitor&) = delete;
  ProcessMonitor& operator=(const ProcessMonitor&) = delete;

  // The text the watchdog adds: per stage "stage 1 (lab-gen 1048576): pid 12, waits to write to fd 1".
  static std::string describe();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- helper programs ------------------------------------------------------------------------------------

// argv[0] with which lab::sys::execvp starts the test binary itself as a helper program.
inline constexpr const char* kHelperArgv0 = "lab-sys-helper";
// Runs the helper named by argv[1] (lab-gen, lab-xform, ...) and returns its exit status. main() calls it
// when argv[0] is kHelperArgv0, before anything of the harness starts.
int run_helper_program(int argc, char** argv);
// Whether `name` is one of the helper programs.
bool is_helper_program(const char* name) noexcept;

// What lab-gen writes: bytes [offset, offset + bytes) of lines "line 0000042 of lab-gen\n".
std::string generated_text(std::size_t offset, std::size_t bytes);

// What lab-count prints for the bytes it read: "<bytes> <FNV-1a 64 in hex>\n".
struct CountState {
  std::size_t bytes = 0;
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  void add(std::string_view data);
  std::string line() const;
};

}  // namespace harness::processes
