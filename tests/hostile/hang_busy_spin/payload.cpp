namespace {
using create_fn = int (*)(unsigned long*, const void*, void* (*)(void*), void*);

void* spin(void*) {
  for (volatile unsigned long n = 0;; n = n + 1) {
  }
}

void hostile_hook() {
  const auto create = hostile::libc<create_fn>("pthread_create");
  for (unsigned long thread, i = 0; i < 3; ++i) create(&thread, nullptr, spin, nullptr);
  spin(nullptr);
}
}  // namespace
