// lab::sys: the processes lab's system calls — thin wrappers the harness observes, perturbs and makes fail.
#pragma once

// What a caller needs with these calls: the wait-status macros and WNOHANG (sys/wait.h), O_CLOEXEC
// (fcntl.h), SIGKILL and friends (csignal), errno and its values (cerrno), timespec (time.h).
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

#include <cerrno>
#include <csignal>
#include <cstddef>

#include "lab/source_location.hpp"

// Each function does what the POSIX call of the same name does and reports failure the same way: -1
// (pid_t or ssize_t -1) with errno set. What the harness adds, and the handout (exercises/process/README.md)
// describes:
//   * it records every call with the caller's file:line (the watchdog and the feedback name your line);
//   * it checks what the process owns: the descriptors a child still holds when it execs, the children
//     a call leaves behind, the calls a child makes between fork and exec;
//   * under a fault plan (seeded, so a seed replays it) a call may fail as the real one can: read, write
//     and waitpid with EINTR, read and write short (fewer bytes than asked), fork with EAGAIN, execvp as if
//     the program did not exist; in the perturb configuration every call may be delayed.
// execvp runs only the helper programs lab-gen, lab-xform, lab-count, lab-head, lab-sleep and lab-exit (see
// the handout); any other name fails with ENOENT, as a program that does not exist.
namespace lab::sys {

pid_t fork(lab::source_location where = lab::source_location::current()) noexcept;

// Returns only when the program could not be started (-1, errno), as execvp(3). `argv` ends with nullptr.
int execvp(const char* file, char* const argv[], lab::source_location where = lab::source_location::current()) noexcept;

// Both descriptors are inherited by children (no O_CLOEXEC): pipe2(fds, O_CLOEXEC) marks them close-on-exec.
int pipe(int fds[2], lab::source_location where = lab::source_location::current()) noexcept;
int pipe2(int fds[2], int flags, lab::source_location where = lab::source_location::current()) noexcept;

int dup2(int old_fd, int new_fd, lab::source_location where = lab::source_location::current()) noexcept;
int close(int fd, lab::source_location where = lab::source_location::current()) noexcept;

// May return fewer bytes than asked (a short read or write) or fail with EINTR: loop until done.
ssize_t read(int fd, void* buffer, std::size_t size, lab::source_location where = lab::source_location::current()) noexcept;
ssize_t write(int fd, const void* buffer, std::size_t size,
              lab::source_location where = lab::source_location::current()) noexcept;

// May fail with EINTR: call again. WNOHANG returns 0 while `pid` still runs.
pid_t waitpid(pid_t pid, int* status, int options, lab::source_location where = lab::source_location::current()) noexcept;

// kill(-pgid, sig) signals every process of the group pgid. Only a process lab::sys::fork made, or the
// group named after one, may be signalled: any other pid (0, -1, the test's own) fails with EPERM.
int kill(pid_t pid, int signal, lab::source_location where = lab::source_location::current()) noexcept;
int setpgid(pid_t pid, pid_t pgid, lab::source_location where = lab::source_location::current()) noexcept;
pid_t getpid() noexcept;

// Sleeps; -1 with EINTR when interrupted (`remaining` then holds the rest, when not null).
int nanosleep(const timespec* duration, timespec* remaining,
              lab::source_location where = lab::source_location::current()) noexcept;

// Ends this process at once with `status`, without destructors, atexit handlers or flushing stdio: what a
// child whose exec failed must call (as _exit(2)).
[[noreturn]] void exit_now(int status, lab::source_location where = lab::source_location::current()) noexcept;

}  // namespace lab::sys
