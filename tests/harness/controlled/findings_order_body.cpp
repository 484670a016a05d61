// A controlled test whose every schedule reports a misuse first and, at its end, the check that explains
// it: the shape of a broken lock whose second holder's unlock finds the lock unlocked (controlled_driver_test).
#include <gtest/gtest.h>

#include <harness/findings.hpp>
#include <harness/controlled.hpp>
#include <harness/stress.hpp>
#include <lab/atomic.hpp>
#include <lab/usage.hpp>

namespace {

TEST(Controlled, MisuseBeforeTheCheckThatExplainsIt) {
  harness::explore([] {
    lab::atomic<int> word{0};
    harness::stress({.threads = 2, .iterations = 1, .pin_to_cores = false}, [&](harness::StressThread& self, long) {
      word.fetch_add(1);
      if (self.index() == 1) lab::usage_error("unlock: the lock is not locked");
      word.fetch_add(1);
    });
    harness::fail_check("2 threads were inside the critical section at the same time");
  });
}

}  // namespace
