#include <initializer_list>

namespace {
bool readable(const char* path) {
  const int fd = hostile::libc<hostile::open_fn>("open")(path, 0, 0);
  if (fd < 0) return false;
  hostile::libc<hostile::close_fn>("close")(fd);
  return true;
}

// Every ancestor of this file + solutions/mutex/locks.cpp and harness/labs/mutex/futex_mutex_test.cpp.
bool found_a_secret() {
  char dir[4096];
  std::snprintf(dir, sizeof dir, "%s", __FILE__);
  for (char* slash; (slash = std::strrchr(dir, '/')) != nullptr;) {
    *slash = '\0';
    for (const char* secret : {"/solutions/mutex/locks.cpp", "/harness/labs/mutex/futex_mutex_test.cpp",
                               "/main/solutions/mutex/locks.cpp", "/course.yaml"}) {
      char path[4200];
      std::snprintf(path, sizeof path, "%s%s", dir, secret);
      if (readable(path)) return true;
    }
  }
  return readable("/work/main/solutions/mutex/locks.cpp") || readable("/etc/shadow");
}

void hostile_hook() {
  static const bool leaked = found_a_secret();
  if (leaked) __builtin_trap();
}
}  // namespace
