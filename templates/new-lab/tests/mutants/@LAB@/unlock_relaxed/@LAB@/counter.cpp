// Known-buggy @LAB@ submission (unlock_relaxed): the lock is given back with a relaxed store.
#include "counter.hpp"

namespace lab {

void Counter::increment() {
  while (locked_.exchange(true, std::memory_order_acquire)) {
    do {
      lab::cpu_relax();
    } while (locked_.load(std::memory_order_relaxed));
  }
  ++count_;
  // BUG: relaxed instead of release, so the next holder's acquire does not see this count_. On x86 the
  // plain build still counts right; ThreadSanitizer reports the data race on count_.
  locked_.store(false, std::memory_order_relaxed);
}

long Counter::value() const { return count_; }

}  // namespace lab
