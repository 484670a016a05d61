// wait_until_waiting: how a test learns, without sleeping and hoping, that a thread waits inside lock().
#include <thread>

#include "harness/findings.hpp"
#include "harness/test_thread.hpp"

namespace harness {
namespace {

std::string never_waited_message(const std::string& what, std::uint64_t made, std::uint64_t wanted,
                                 std::chrono::milliseconds limit) {
  return what +
         " did not call lab::cpu_relax(), lab::yield() or lab::futex_wait() while waiting for the lock "
         "(every waiting loop must).\nThe harness watched for " +
         std::to_string(limit.count()) + " ms and saw " + std::to_string(made) + " of the " +
         std::to_string(wanted) + " waiting calls it expected.";
}

}  // namespace

bool wait_until_waiting(const TestThread& thread, const std::string& what, std::uint64_t min_wait_ops,
                        std::chrono::milliseconds limit) {
  const ThreadProbe& probe = thread.probe();
  const auto deadline = std::chrono::steady_clock::now() + limit;
  auto pause = std::chrono::microseconds(50);
  while (probe.wait_ops() < min_wait_ops && !probe.finished()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      report({"check", never_waited_message(what, probe.wait_ops(), min_wait_ops, limit), "", 0});
      return false;
    }
    // Polling is bounded by `limit`, so it counts as progress: the watchdog must not fire first.
    progress();
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(2000));
  }
  return true;
}

}  // namespace harness
