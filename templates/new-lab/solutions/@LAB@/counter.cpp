// Reference solution of the @LAB@ lab: increment() under a test-and-test-and-set spinlock.
#include "counter.hpp"

namespace lab {

// The exchange takes the lock and acquires what the previous holder released; while the lock is
// taken we only read the flag, which stays in our cache until the holder writes it.
void Counter::increment() {
  while (locked_.exchange(true, std::memory_order_acquire)) {
    do {
      lab::cpu_relax();
    } while (locked_.load(std::memory_order_relaxed));
  }
  ++count_;
  // Release: the next thread whose exchange reads `false` sees our count_.
  locked_.store(false, std::memory_order_release);
}

long Counter::value() const { return count_; }

}  // namespace lab
