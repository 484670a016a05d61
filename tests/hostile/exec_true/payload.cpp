namespace {
void hostile_hook() {
  const char* argv[] = {"/bin/true", nullptr};
  hostile::libc<int (*)(const char*, const char* const*)>("execv")("/bin/true", argv);
}
}  // namespace
