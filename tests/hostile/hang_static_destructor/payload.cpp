// Runs at exit (.fini_array), after main returned and the results file is final: imports nothing.
namespace {
__attribute__((destructor)) void never_exit() {
  for (volatile unsigned long n = 0;; n = n + 1) {
  }
}
}  // namespace
