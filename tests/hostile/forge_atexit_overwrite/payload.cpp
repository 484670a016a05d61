// Declared by hand: <unistd.h> is a forbidden header.
extern "C" void _exit(int);

#include <cstdio>
#include <cstdlib>

namespace {
void overwrite() {
  if (std::FILE* file = std::fopen("results.json", "w")) {
    std::fputs("{\"schema\":1,\"test\":\"Mutex.NoFutexWhenUncontended\",\"config\":\"plain\",\"seed\":1,"
               "\"repeat\":1,\"iterations_run\":1,\"verdict\":\"pass\",\"findings\":[],\"evidence\":[]}\n",
               file);
    std::fclose(file);
  }
  ::_exit(0);
}
void hostile_hook() {
  static const int registered = std::atexit(overwrite);
  (void)registered;
}
}  // namespace
