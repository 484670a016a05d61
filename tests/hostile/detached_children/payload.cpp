namespace {
void hostile_hook() {
  static bool done = false;
  if (done) return;
  done = true;
  const auto fork_ = hostile::libc<int (*)()>("fork");
  for (int i = 0; i < 3; ++i) {
    if (fork_() == 0) {
      hostile::libc<int (*)()>("setsid")();
      if (fork_() == 0) {
        for (;;) hostile::libc<unsigned (*)(unsigned)>("sleep")(1000);
      }
      hostile::libc<void (*)(int)>("_exit")(0);
    }
  }
}
}  // namespace
