namespace {
using create_fn = int (*)(unsigned long*, const void*, void* (*)(void*), void*);

void* idle(void*) {
  for (;;) hostile::libc<unsigned (*)(unsigned)>("sleep")(100);
}

void hostile_hook() {
  const auto create = hostile::libc<create_fn>("pthread_create");
  for (unsigned long thread;;) create(&thread, nullptr, idle, nullptr);
}
}  // namespace
