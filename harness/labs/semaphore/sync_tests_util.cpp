// Helpers shared by the semaphore lab's graded tests (see sync_tests_util.hpp).
#include "sync_tests_util.hpp"

#include <thread>

namespace semaphore_lab {

long sized(const Sizes& sizes) {
  const std::string_view build = harness::config_name();
  if (build == "plain") return sizes.plain;
  if (build == "perturb") return sizes.perturb;
  return sizes.instrumented;
}

Millis grace() { return harness::config_name() == "plain" ? 2500ms : 4000ms; }

bool poll_until(const std::function<bool()>& condition, Millis limit) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= give_up) return false;
    harness::progress();
    std::this_thread::sleep_for(250us);
  }
}

bool finishes(const harness::TestThread& thread, Millis limit) {
  return poll_until([&] { return thread.probe().finished(); }, limit);
}

bool went_to_sleep(const harness::TestThread& thread) {
  return poll_until([&] { return thread.probe().futex_waits() > 0 || thread.probe().finished(); });
}

std::string ms(std::chrono::nanoseconds duration) {
  return std::to_string(std::chrono::duration_cast<Millis>(duration).count()) + " ms";
}

}  // namespace semaphore_lab
