#include <cstdio>

namespace {
void hostile_hook() {
  for (;;) std::printf("[       OK ] Mutex.NoFutexCallWhenUncontended (0 ms)\n");
}
}  // namespace
