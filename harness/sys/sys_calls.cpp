// lab::sys: the processes lab's system calls, recorded, perturbed and failed on purpose (lab/sys.hpp).
#include "lab/sys.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "call_log.hpp"
#include "fault_plan.hpp"
#include "harness/processes.hpp"
#include "harness/run_context.hpp"
#include "results_file.hpp"
#include "splitmix.hpp"

namespace harness::processes {
namespace {

// Perturb configuration: a yield or a sleep of up to 2 ms at a quarter of the calls, seeded per process
// and thread. Lock-free and allocation-free, so it is safe in a child of a multithreaded parent.
void maybe_delay() noexcept {
  if (!perturbation_enabled()) return;
  thread_local SplitMix rng{splitmix64(harness::seed() ^ static_cast<std::uint64_t>(::getpid()))};
  const std::uint64_t draw = rng.next();
  if (draw % 4 != 0) return;
  if (draw % 8 == 0) {
    ::sched_yield();
    return;
  }
  timespec pause{0, static_cast<long>((draw >> 8) % 2'000'000)};
  ::nanosleep(&pause, nullptr);
}

// What every wrapper does first: count the call (the watchdog's progress), remember the student's line.
void enter(const lab::source_location& where) noexcept {
  shared_log().calls.fetch_add(1, std::memory_order_relaxed);
  child_facts().set_last_site(raw_site(where));
  maybe_delay();
}

int fail_with(int error) noexcept {
  errno = error;
  return -1;
}

unsigned long pipe_inode(int fd) noexcept {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) ? static_cast<unsigned long>(st.st_ino) : 0;
}

// The calling process's descriptors into `record`, with async-signal-safe calls only (getdents64 on a
// stack buffer, fcntl, fstat): this runs in a forked child just before it execs.
void record_fds(RawExec& record) noexcept {
  const int dir = ::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  alignas(8) char buffer[4096];
  for (;;) {
    const ssize_t n = ::getdents64(dir, buffer, sizeof buffer);
    if (n <= 0) break;
    for (ssize_t offset = 0; offset < n;) {
      const auto* entry = reinterpret_cast<const dirent64*>(buffer + offset);
      offset += entry->d_reclen;
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      const int fd = std::atoi(entry->d_name);
      if (fd == dir || record.nfds >= kMaxExecFds) continue;
      const int fd_flags = ::fcntl(fd, F_GETFD);
      const int status_flags = ::fcntl(fd, F_GETFL);
      if (fd_flags < 0 || status_flags < 0) continue;
      const int mode = status_flags & O_ACCMODE;
      record.fds[record.nfds++] = {fd, pipe_inode(fd), mode == O_WRONLY || mode == O_RDWR, (fd_flags & FD_CLOEXEC) != 0};
    }
  }
  ::close(dir);
}

void copy_arg(char* destination, const char* text) noexcept {
  int i = 0;
  for (; text[i] != '\0' && i + 1 < kMaxArgChars; ++i) destination[i] = text[i];
  destination[i] = '\0';
}

RawExec* record_exec(const char* file, char* const argv[], RawSite site) noexcept {
  RawExec* record = begin_exec_record(site);
  if (record == nullptr) return nullptr;
  for (int i = 0; argv != nullptr && argv[i] != nullptr && i < kMaxExecArgs; ++i) copy_arg(record->argv[record->nargs++], argv[i]);
  if (record->nargs == 0 && file != nullptr) copy_arg(record->argv[record->nargs++], file);
  record_fds(*record);
  record->ready.store(true, std::memory_order_release);
  return record;
}

// A helper program is the test binary itself, started as "lab-sys-helper NAME ARGS...".
int exec_helper(const char* name, char* const argv[]) noexcept {
  constexpr int kMaxArgs = 126;
  const char* args[kMaxArgs + 2];
  int n = 0;
  args[n++] = kHelperArgv0;
  args[n++] = name;
  for (int i = 1; argv != nullptr && argv[0] != nullptr && argv[i] != nullptr; ++i) {
    if (n == kMaxArgs) return fail_with(E2BIG);
    args[n++] = argv[i];
  }
  args[n] = nullptr;
  return ::execv("/proc/self/exe", const_cast<char* const*>(args));
}

// Whether lab::sys::fork returned `pid` to some process of this test (async-signal-safe: reads the log).
bool forked_by_this_test(pid_t pid) noexcept {
  if (pid <= 0) return false;
  const SharedLog& log = shared_log();
  const int n = log.fork_count.load(std::memory_order_acquire);
  for (int i = 0; i < n && i < static_cast<int>(sizeof log.forks / sizeof log.forks[0]); ++i) {
    if (log.forks[i].ready.load(std::memory_order_acquire) && log.forks[i].child == pid) return true;
  }
  return false;
}

}  // namespace
}  // namespace harness::processes

namespace lab::sys {

using namespace harness::processes;

pid_t fork(lab::source_location where) noexcept {
  enter(where);
  if (fault_fork()) return fail_with(EAGAIN);
  SharedLog& log = shared_log();  // mapped before the first fork, so every child shares it
  (void)log;
  const int threads = thread_count();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    harness::never_write_results_in_this_process();
    ChildFacts& facts = child_facts();
    facts.is_child = true;
    facts.exec_pending = threads > 1;
    facts.threads_in_parent = threads;
    facts.fork_site = raw_site(where);
  } else if (pid > 0) {
    log_fork(parent, pid, raw_site(where));
  }
  return pid;
}

int execvp(const char* file, char* const argv[], lab::source_location where) noexcept {
  enter(where);
  RawExec* record = record_exec(file, argv, raw_site(where));
  int result;
  // An allowlist: only the helper programs run. Anything else fails as a missing program would, so a
  // submission cannot start a shell or any other program of the machine from inside the test.
  if (fault_exec(file) || file == nullptr || !is_helper_program(file)) {
    result = fail_with(ENOENT);
  } else {
    result = exec_helper(file, argv);
  }
  if (record != nullptr) record->error = errno;
  return result;
}

int pipe(int fds[2], lab::source_location where) noexcept { return pipe2(fds, 0, where); }

int pipe2(int fds[2], int flags, lab::source_location where) noexcept {
  enter(where);
  const int result = ::pipe2(fds, flags);
  if (result == 0) log_pipe(pipe_inode(fds[0]), fds[0], fds[1], raw_site(where));
  return result;
}

int dup2(int old_fd, int new_fd, lab::source_location where) noexcept {
  enter(where);
  return ::dup2(old_fd, new_fd);
}

int close(int fd, lab::source_location where) noexcept {
  enter(where);
  return ::close(fd);
}

ssize_t read(int fd, void* buffer, std::size_t size, lab::source_location where) noexcept {
  enter(where);
  if (fault_eintr(EintrCall::read)) return fail_with(EINTR);
  return ::read(fd, buffer, fault_short_size(size));
}

ssize_t write(int fd, const void* buffer, std::size_t size, lab::source_location where) noexcept {
  enter(where);
  if (fault_eintr(EintrCall::write)) return fail_with(EINTR);
  return ::write(fd, buffer, fault_short_size(size));
}

pid_t waitpid(pid_t pid, int* status, int options, lab::source_location where) noexcept {
  enter(where);
  if (fault_eintr(EintrCall::waitpid)) return fail_with(EINTR);
  return ::waitpid(pid, status, options);
}

int kill(pid_t pid, int signal, lab::source_location where) noexcept {
  enter(where);
  // An allowlist: only a process lab::sys::fork made, or the process group named after one. kill(0, ...),
  // kill(-1, ...) or the test's own pid would reach the test, the grader or every process of the user.
  if (!forked_by_this_test(pid > 0 ? pid : -pid)) return fail_with(EPERM);
  return ::kill(pid, signal);
}

int setpgid(pid_t pid, pid_t pgid, lab::source_location where) noexcept {
  enter(where);
  return ::setpgid(pid, pgid);
}

pid_t getpid() noexcept { return ::getpid(); }

int nanosleep(const timespec* duration, timespec* remaining, lab::source_location where) noexcept {
  enter(where);
  if (fault_eintr(EintrCall::nanosleep)) {
    if (remaining != nullptr && duration != nullptr) *remaining = *duration;
    return fail_with(EINTR);
  }
  return ::nanosleep(duration, remaining);
}

void exit_now(int status, lab::source_location where) noexcept {
  enter(where);
  ::_exit(status);
}

}  // namespace lab::sys
