#include <cstdio>

// Declared by hand: <fcntl.h> and <unistd.h> are forbidden headers.
extern "C" int openat(int, const char*, int, ...);
extern "C" int dup(int) noexcept;
extern "C" void _exit(int);
constexpr int kAtCwd = -100, kCreate = 01 | 0100 | 01000;

namespace {
constexpr const char* kPass = "{\"schema\":1,\"test\":\"Mutex.NoFutexWhenUncontended\",\"config\":\"plain\","
                              "\"seed\":1,\"repeat\":1,\"iterations_run\":1,\"verdict\":\"pass\",\"findings\":[],"
                              "\"evidence\":[]}\n";
void hostile_hook() {
  const int fd = ::openat(kAtCwd, "results.json", kCreate, 0644);
  dprintf(fd, "%s", kPass);
  std::FILE* file = fdopen(::dup(fd), "w");
  std::fseek(file, 0, SEEK_SET);
  std::fputs(kPass, file);
  std::fclose(file);
  ::_exit(0);
}
}  // namespace
