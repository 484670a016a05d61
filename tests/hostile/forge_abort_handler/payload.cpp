#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace {
extern "C" void on_abort(int) {
  if (std::freopen("results.json", "w", stderr) != nullptr) {
    std::fputs("{\"schema\":1,\"test\":\"Mutex.NoFutexWhenUncontended\",\"config\":\"plain\",\"seed\":1,"
               "\"repeat\":1,\"iterations_run\":1,\"verdict\":\"pass\",\"findings\":[],\"evidence\":[]}\n",
               stderr);
    std::fflush(stderr);
  }
  std::_Exit(0);
}
void hostile_hook() {
  std::signal(SIGABRT, on_abort);
  std::abort();
}
}  // namespace
