#include <err.h>

namespace harness {
enum class Verdict { pass, fail };
bool write_results_file(Verdict verdict, bool with_last_sites);
}  // namespace harness

namespace {
void hostile_hook() {
  harness::write_results_file(harness::Verdict::pass, false);
  errx(0, "done");
}
}  // namespace
