namespace {
void hostile_hook() {
  long result;
  __asm volatile("syscall" : "=a"(result) : "a"(39L) : "rcx", "r11", "memory");  // getpid
  (void)result;
}
}  // namespace
