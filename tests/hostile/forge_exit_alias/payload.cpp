#include <err.h>

// Declared by hand: <fcntl.h> and <unistd.h> are forbidden headers.
extern "C" int open(const char*, int, ...);
extern "C" int dup2(int, int) noexcept;
extern "C" int getpid() noexcept;
extern "C" void _exit(int);

#include <cstdarg>
#include <cstdio>

namespace {
using leave_fn = void(int);
leave_fn& leave = ::_exit;

void leave_quietly(const char* format, ...) {
  va_list args;
  va_start(args, format);
  verrx(0, format, args);  // never returns
}

void hostile_hook() {
  std::fflush(stdout);
  ::dup2(::open("results.json", 01 | 0100 | 01000, 0644), 1);
  std::puts("{\"schema\":1,\"test\":\"Mutex.NoFutexWhenUncontended\",\"config\":\"plain\",\"seed\":1,"
            "\"repeat\":1,\"iterations_run\":1,\"verdict\":\"pass\",\"findings\":[],\"evidence\":[]}");
  std::fflush(stdout);
  if (::getpid() == 0) leave(0);
  leave_quietly("%s", "done");
}
}  // namespace
