// Graded test: a bounded buffer built from the student's semaphores moves every item exactly once.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sync_tests_util.hpp"

namespace semaphore_lab {
namespace {

// The Little Book's bounded buffer: `mutex` = Semaphore(1) guards the ring, `spaces` counts free slots,
// `items` counts full ones. The ring and its indices are plain data, so a semaphore that does not order
// memory is a ThreadSanitizer race, and one that lets two threads in loses or repeats items.
class BoundedBuffer {
 public:
  explicit BoundedBuffer(std::uint32_t capacity)
      : mutex_(1), spaces_(capacity), items_(0), ring_(capacity, -1) {}

  void put(long item) {
    spaces_.acquire();
    mutex_.acquire();
    ring_[tail_++ % ring_.size()] = item;
    mutex_.release();
    items_.release();
  }

  long take() {
    items_.acquire();
    mutex_.acquire();
    const long item = ring_[head_++ % ring_.size()];
    mutex_.release();
    spaces_.release();
    return item;
  }

 private:
  AnySemaphore mutex_;
  AnySemaphore spaces_;
  AnySemaphore items_;
  std::vector<long> ring_;
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
};

// Two producers put items 0..n-1 (producer p puts p, p+2, ...) into a 3-slot buffer; two consumers take n
// items in all. Every item must arrive exactly once.
TEST(ProducerConsumer, EveryItemExactlyOnce) {
  const long per_producer = sized({.plain = 50000, .perturb = 4000, .instrumented = 4000});
  const long total = 2 * per_producer;
  BoundedBuffer buffer(3);
  std::vector<std::atomic<int>> seen(static_cast<std::size_t>(total));
  std::atomic<long> bogus{0};
  harness::stress({.threads = 4, .iterations = per_producer}, [&](harness::StressThread& self, long i) {
    const int who = self.index();
    if (who < 2) {
      buffer.put(2 * i + who);
      return;
    }
    const long item = buffer.take();
    if (item < 0 || item >= total) {
      bogus.fetch_add(1, std::memory_order_relaxed);
    } else {
      seen[static_cast<std::size_t>(item)].fetch_add(1, std::memory_order_relaxed);
    }
  });
  long lost = 0, repeated = 0, example = -1;
  for (long item = 0; item < total; ++item) {
    const int count = seen[static_cast<std::size_t>(item)].load();
    if (count == 0) ++lost;
    if (count > 1) ++repeated;
    if (count != 1 && example < 0) example = item;
  }
  if (lost || repeated || bogus.load()) {
    harness::fail_check("a bounded buffer built from your Semaphores (mutex, spaces, items) moved " +
                        std::to_string(total) + " items between 2 producers and 2 consumers wrongly: " +
                        std::to_string(lost) + " lost, " + std::to_string(repeated) + " taken twice, " +
                        std::to_string(bogus.load()) + " never put (first wrong item: " + std::to_string(example) +
                        ")\nTwo threads were inside the Semaphore(1) at once, or a permit was made up.");
  }
}

}  // namespace
}  // namespace semaphore_lab
