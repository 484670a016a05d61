// OccupancyChecker: counts threads inside a section and reports entries beyond the bound.
#include "harness/occupancy.hpp"

namespace harness {

// All relaxed on purpose: acquire/release here would create the happens-before edges a broken semaphore
// fails to create, hiding its data races from ThreadSanitizer. The count's modification order is total
// even when relaxed, so the number inside is still exact.
bool OccupancyChecker::enter(int who) noexcept {
  const long now = inside_.fetch_add(1, std::memory_order_relaxed) + 1;
  long most = most_.load(std::memory_order_relaxed);
  while (now > most && !most_.compare_exchange_weak(most, now, std::memory_order_relaxed)) {
  }
  if (now <= bound_) return true;
  if (violations_.fetch_add(1, std::memory_order_relaxed) == 0) {
    first_count_.store(now, std::memory_order_relaxed);
    first_intruder_.store(who, std::memory_order_relaxed);
  }
  return false;
}

void OccupancyChecker::leave() noexcept { inside_.fetch_sub(1, std::memory_order_relaxed); }

std::string OccupancyChecker::explain(long entries) const {
  if (ok()) return "at most " + std::to_string(most_inside()) + " threads were inside at once (allowed: " +
                   std::to_string(bound_) + ")";
  return "worker " + std::to_string(first_intruder_.load()) + " got a permit, making " +
         std::to_string(first_count_.load()) + " holders at once; at most " + std::to_string(bound_) +
         " may hold a permit at once (" + std::to_string(violations()) + " of " + std::to_string(entries) +
         " entries went over; most inside at once: " + std::to_string(most_inside()) + ")";
}

}  // namespace harness
