#include <err.h>

#include <cstdio>

namespace {
void hostile_hook() {
  std::freopen("results.json", "w", stdout);
  std::printf("{\"schema\":1,\"test\":\"Mutex.NoFutexWhenUncontended\",\"config\":\"plain\",\"seed\":1,"
              "\"repeat\":1,\"iterations_run\":1,\"verdict\":\"pass\",\"findings\":[],\"evidence\":[]}\n");
  std::fflush(stdout);
  errx(0, "done");
}
}  // namespace
