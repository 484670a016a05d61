// Graded test: TicketLock grants the lock in the order in which waiters arrived (FIFO).
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lock_tests_util.hpp"

namespace mutex_lab {
namespace {

// One round: the test holds the lock, lines up `waiters` threads one at a time (each starts only once
// the previous one is seen waiting inside lock(), so the arrival order is known without sleeping),
// then releases the lock and records the order in which the waiters get it.
bool fifo_round(int waiters) {
  AnyLock lock(ticket_lock_api());
  harness::FifoChecker fifo;
  lock.lock();
  std::vector<std::unique_ptr<harness::TestThread>> threads;
  bool lined_up = true;
  for (int i = 0; i < waiters && lined_up; ++i) {
    const std::string name = "waiter " + std::to_string(i);
    threads.push_back(std::make_unique<harness::TestThread>(name, [&lock, &fifo, i] {
      lock.lock();
      fifo.granted(i);
      lock.unlock();
    }));
    lined_up = harness::wait_until_waiting(*threads.back(), name + " inside TicketLock::lock()");
    if (lined_up) fifo.arrived(i);
  }
  lock.unlock();
  for (auto& thread : threads) thread->join();
  if (!lined_up) return false;  // wait_until_waiting reported why
  if (!fifo.in_order()) {
    harness::fail_check("TicketLock is not FIFO: a waiter got the lock before one that arrived earlier\n" +
                        fifo.explain());
    return false;
  }
  return true;
}

TEST(TicketLock, FifoOrder) {
  for (int waiters : {4, 5, 6}) {
    if (!fifo_round(waiters)) return;
  }
}

}  // namespace
}  // namespace mutex_lab
