// Graded test: unlock() of an unlocked lock calls lab::usage_error once and leaves the lock usable.
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "lock_tests_util.hpp"

namespace mutex_lab {
namespace {

// Calls unlock() on `lock`, which is not locked, and returns how many usage errors the calling thread
// reported. Inside the expectation scope those usage errors are the expected outcome, not failures.
std::uint64_t usage_errors_of_bad_unlock(AnyLock& lock) {
  const harness::ExpectUsageErrors expected;
  lock.unlock();
  return expected.count();
}

// After the bad unlock the lock must behave exactly like a fresh one.
bool still_works(const LockApi& api, AnyLock& lock) {
  if (!lock.try_lock()) {
    harness::fail_check("after unlock() of an unlocked " + std::string(api.name) + ", " + call(api, "try_lock") +
                        " fails on the free lock: the bad unlock() must change nothing");
    return false;
  }
  lock.unlock();
  lock.lock();
  if (lock.try_lock()) {
    harness::fail_check("after unlock() of an unlocked " + std::string(api.name) + ", " + call(api, "try_lock") +
                        " succeeds on a held lock: the bad unlock() must change nothing");
    return false;
  }
  lock.unlock();
  return true;
}

bool check_misuse(const LockApi& api) {
  AnyLock lock(api);
  lock.lock();
  lock.unlock();
  const std::uint64_t errors = usage_errors_of_bad_unlock(lock);
  if (errors != 1) {
    harness::fail_check(call(api, "unlock") + " of a lock that is not locked called lab::usage_error " +
                        std::to_string(errors) + " times (expected: exactly once)\n"
                        "Detect the misuse, report it with lab::usage_error(\"...\") and return without "
                        "changing the lock.");
    return false;
  }
  return still_works(api, lock);
}

TEST(Misuse, UnlockOfUnlockedLock) {
  for (const LockApi* api : {&spin_lock_api(), &ticket_lock_api(), &mutex_api()}) {
    if (!check_misuse(*api)) return;
  }
}

}  // namespace
}  // namespace mutex_lab
