#include <cstdio>

#include <lab/lab.hpp>

namespace {
void hostile_hook() {
  std::printf("[       OK ] Mutex.NoFutexCallWhenUncontended (0 ms)\n[  PASSED  ] 1 test.\n");
  std::fflush(stdout);
  static lab::atomic<int> never{0};
  for (;;) lab::futex_wait(never, 0);
}
}  // namespace
