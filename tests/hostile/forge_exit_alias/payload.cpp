#include <err.h>
#include <fcntl.h>
#include <unistd.h>

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
  ::dup2(::open("results.json", O_WRONLY | O_CREAT | O_TRUNC, 0644), 1);
  std::puts("{\"schema\":1,\"test\":\"Mutex.NoFutexWhenUncontended\",\"config\":\"plain\",\"seed\":1,"
            "\"repeat\":1,\"iterations_run\":1,\"verdict\":\"pass\",\"findings\":[],\"evidence\":[]}");
  std::fflush(stdout);
  if (::getpid() == 0) leave(0);
  leave_quietly("%s", "done");
}
}  // namespace
