#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace {
constexpr const char* kPass = "{\"schema\":1,\"test\":\"Mutex.NoFutexWhenUncontended\",\"config\":\"plain\","
                              "\"seed\":1,\"repeat\":1,\"iterations_run\":1,\"verdict\":\"pass\",\"findings\":[],"
                              "\"evidence\":[]}\n";
void hostile_hook() {
  const int fd = ::openat(AT_FDCWD, "results.json", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dprintf(fd, "%s", kPass);
  std::FILE* file = fdopen(::dup(fd), "w");
  std::fseek(file, 0, SEEK_SET);
  std::fputs(kPass, file);
  std::fclose(file);
  ::_exit(0);
}
}  // namespace
