#include <cstring>

namespace {
using create_fn = int (*)(unsigned long*, const void*, void* (*)(void*), void*);

void* hog(void*) {
  for (;;) std::memset(new char[16 << 20], 1, 16 << 20);
}

void hostile_hook() {
  const auto create = hostile::libc<create_fn>("pthread_create");
  for (unsigned long thread, i = 0; i < 4; ++i) create(&thread, nullptr, hog, nullptr);
  hog(nullptr);
}
}  // namespace
