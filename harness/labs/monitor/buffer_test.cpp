// Graded tests of lab::BoundedBuffer: conservation at scale, spurious wake-ups, close(), try_put/try_take,
// and a try_take() that must wake a blocked putter.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "monitor_tests_util.hpp"

namespace monitor_lab {
namespace {

long item_of(int producer, long sequence) { return static_cast<long>(producer) << 32 | sequence; }
int producer_of(long item) { return static_cast<int>(item >> 32); }
long sequence_of(long item) { return item & 0xffffffffL; }

// What the consumers received, checked after everyone joined.
class Ledger {
 public:
  Ledger(int producers, long per_producer)
      : per_producer_(per_producer),
        seen_(static_cast<std::size_t>(producers), std::vector<int>(static_cast<std::size_t>(per_producer))) {}

  // One consumer's items in the order it took them; returns the first problem, or "".
  std::string add(const std::vector<long>& taken) {
    std::vector<long> last(seen_.size(), -1);
    for (const long item : taken) {
      const int producer = producer_of(item);
      const long sequence = sequence_of(item);
      if (producer < 0 || producer >= static_cast<int>(seen_.size()) || sequence >= per_producer_) {
        return "take() returned " + std::to_string(item) + ", which no producer put";
      }
      auto& slot = last[static_cast<std::size_t>(producer)];
      if (sequence <= slot) {
        return "a consumer took item " + std::to_string(sequence) + " of producer " + std::to_string(producer) +
               " after item " + std::to_string(slot) + ": not FIFO";
      }
      slot = sequence;
      if (++seen_[static_cast<std::size_t>(producer)][static_cast<std::size_t>(sequence)] > 1) {
        return "item " + std::to_string(sequence) + " of producer " + std::to_string(producer) + " was taken twice";
      }
    }
    return {};
  }

  std::string missing() const {
    for (std::size_t p = 0; p < seen_.size(); ++p) {
      const auto gap = std::find(seen_[p].begin(), seen_[p].end(), 0);
      if (gap != seen_[p].end()) {
        return "item " + std::to_string(gap - seen_[p].begin()) + " of producer " + std::to_string(p) +
               " was put but never taken";
      }
    }
    return {};
  }

 private:
  long per_producer_;
  std::vector<std::vector<int>> seen_;
};

// Producers and consumers through a small buffer: every item taken exactly once, each producer's items
// in order, never more than `capacity` items inside. Puts done minus takes started can never exceed the
// capacity (the counters are relaxed: they add no synchronisation for ThreadSanitizer to rely on).
TEST(BoundedBuffer, Conservation) {
  constexpr int kProducers = 2;
  constexpr int kConsumers = 2;
  constexpr std::size_t kCapacity = 4;
  const long per_producer = for_config({.plain = 20000, .tsan = 2000, .perturb = 3000});
  AnyBuffer buffer(kCapacity);
  std::atomic<long> puts_done{0};
  std::atomic<long> takes_started{0};
  std::atomic<bool> overfull{false};
  std::atomic<bool> garbage{false};  // a consumer got an item nobody put: it closed the buffer to stop
  std::atomic<long> takes_done{0};
  std::vector<std::vector<long>> taken(kConsumers);
  {
    Threads consumers;
    for (int c = 0; c < kConsumers; ++c) {
      consumers.push_back(std::make_unique<harness::TestThread>("consumer " + std::to_string(c), [&, c] {
        for (;;) {
          takes_started.fetch_add(1, std::memory_order_relaxed);
          const std::optional<long> item = buffer.take();
          if (!item) return;
          taken[static_cast<std::size_t>(c)].push_back(*item);
          const bool impossible = producer_of(*item) < 0 || producer_of(*item) >= kProducers ||
                                  sequence_of(*item) >= per_producer ||
                                  takes_done.fetch_add(1, std::memory_order_relaxed) >= kProducers * per_producer;
          if (impossible) {
            garbage.store(true);
            buffer.close();  // wakes the producers; their put() returns false
            return;
          }
          harness::progress();
        }
      }));
    }
    harness::stress({.threads = kProducers, .iterations = per_producer}, [&](harness::StressThread& self, long i) {
      if (garbage.load(std::memory_order_relaxed)) return;
      if (!buffer.put(item_of(self.index(), i)) && !garbage.load()) {
        harness::fail_check("put() returned false on a buffer that nobody closed");
      }
      const long done = puts_done.fetch_add(1, std::memory_order_relaxed) + 1;
      if (done - takes_started.load(std::memory_order_relaxed) > static_cast<long>(kCapacity)) {
        overfull.store(true, std::memory_order_relaxed);
      }
    });
    buffer.close();
    if (!all_finish(consumers, [&] { buffer.close(); })) {
      harness::fail_check("a consumer stayed blocked in take() after close()");
      return;
    }
  }
  if (overfull.load()) {
    harness::fail_check("the buffer held more than " + std::to_string(kCapacity) +
                        " items at once: put() did not wait while the buffer was full");
  }
  Ledger ledger(kProducers, per_producer);
  for (const auto& consumer : taken) {
    if (const std::string problem = ledger.add(consumer); !problem.empty()) {
      harness::fail_check("BoundedBuffer lost, duplicated or reordered items: " + problem);
      return;
    }
  }
  if (const std::string problem = ledger.missing(); !problem.empty()) {
    harness::fail_check("BoundedBuffer lost an item: " + problem);
  }
}

// Every other futex_wait returns at once (ForcedSpuriousWakeups). take() on an empty buffer and put() on
// a full one must go back to waiting, not return or overwrite: `while`, never `if`, around wait().
TEST(BoundedBuffer, SurvivesSpuriousWakeups) {
  harness::ForcedSpuriousWakeups spurious;
  AnyBuffer empty(2);
  std::vector<std::optional<long>> got(3);
  Threads takers;
  start_waiting_threads(takers, 3, "taker", [&](int i) { got[static_cast<std::size_t>(i)] = empty.take(); },
                        "BoundedBuffer::take()");
  eventually([&] { return finished_count(takers) > 0; }, 50ms);  // a taker that wrongly returns, returns now
  for (long item : {101L, 102L, 103L}) empty.put(item);
  if (!all_finish(takers, [&] { empty.close(); })) {
    harness::fail_check("a thread stayed in take() although three items were put for three takers");
    return;
  }
  std::vector<long> items;
  for (const auto& item : got) items.push_back(item.value_or(-1));
  std::sort(items.begin(), items.end());
  if (items != std::vector<long>{101, 102, 103}) {
    harness::fail_check("take() returned before an item was there: after a spurious wake-up the three takers got " +
                        std::to_string(items[0]) + ", " + std::to_string(items[1]) + ", " + std::to_string(items[2]) +
                        " instead of 101, 102, 103 (-1: no item)\nWait in a loop: "
                        "while (count == 0 && !closed) not_empty.wait(mutex);");
    return;
  }

  AnyBuffer full(2);
  full.put(1);
  full.put(2);
  Threads putters;
  start_waiting_threads(putters, 2, "putter", [&](int i) { full.put(201 + i); }, "BoundedBuffer::put()");
  eventually([&] { return finished_count(putters) > 0; }, 50ms);
  std::vector<long> order;
  for (int i = 0; i < 4; ++i) order.push_back(full.take().value_or(-1));
  if (!all_finish(putters, [&] { full.close(); })) {
    harness::fail_check("a thread stayed in put() although its item was made room for");
    return;
  }
  if (order[0] != 1 || order[1] != 2 || std::min(order[2], order[3]) != 201 || std::max(order[2], order[3]) != 202) {
    harness::fail_check("put() wrote into a full buffer after a spurious wake-up: a buffer of capacity 2 holding "
                        "1, 2 gave " + std::to_string(order[0]) + ", " + std::to_string(order[1]) + ", " +
                        std::to_string(order[2]) + ", " + std::to_string(order[3]) +
                        "\nWait in a loop: while (count == capacity && !closed) not_full.wait(mutex);");
  }
}

// close() wakes every blocked taker (they get no item) and every blocked putter (false); a closed buffer
// still hands out what it holds, then no item; put/try_put on it add nothing.
TEST(BoundedBuffer, CloseWakesEveryone) {
  AnyBuffer empty(2);
  std::vector<std::optional<long>> got(3, 0L);
  Threads takers;
  start_waiting_threads(takers, 3, "taker", [&](int i) { got[static_cast<std::size_t>(i)] = empty.take(); },
                        "BoundedBuffer::take()");
  empty.close();
  if (!all_finish(takers, [&] { empty.close(); })) {
    harness::fail_check("close() did not wake every thread blocked in take() on an empty buffer\n"
                        "Wake all of them (notify_all), each must see that the buffer is closed.");
    return;
  }
  if (std::any_of(got.begin(), got.end(), [](const auto& item) { return item.has_value(); })) {
    harness::fail_check("take() on a closed, empty buffer returned an item");
    return;
  }

  AnyBuffer full(1);
  full.put(7);
  std::vector<int> put_result(2, -1);
  Threads putters;
  start_waiting_threads(putters, 2, "putter", [&](int i) { put_result[static_cast<std::size_t>(i)] = full.put(8 + i); },
                        "BoundedBuffer::put()");
  full.close();
  if (!all_finish(putters, [&] { full.close(); })) {
    harness::fail_check("close() did not wake every thread blocked in put() on a full buffer");
    return;
  }
  if (put_result[0] != 0 || put_result[1] != 0) {
    harness::fail_check("put() that was woken by close() returned true: a closed buffer accepts nothing");
    return;
  }
  const auto first = full.take();
  const auto second = full.take();
  if (first != 7 || second.has_value() || full.try_put(9) || full.put(9)) {
    harness::fail_check("a closed buffer must still give its items (7), then no item, and accept no put");
  }
}

// try_put/try_take never wait; FIFO order; capacity respected.
TEST(BoundedBuffer, TryOperations) {
  AnyBuffer buffer(3);
  const auto fail = [](const std::string& what) { harness::fail_check("BoundedBuffer of capacity 3: " + what); };
  if (buffer.try_take()) return fail("try_take() on an empty buffer returned an item");
  for (long item : {1L, 2L, 3L}) {
    if (!buffer.try_put(item)) return fail("try_put(" + std::to_string(item) + ") failed with a free slot");
  }
  if (buffer.try_put(4)) return fail("try_put(4) succeeded on a full buffer");
  if (buffer.try_take() != 1) return fail("try_take() did not return the oldest item (1)");
  if (!buffer.try_put(4)) return fail("try_put(4) failed after try_take() freed a slot");
  for (long item : {2L, 3L, 4L}) {
    if (buffer.take() != item) {
      return fail("take() did not return the items in FIFO order (expected " + std::to_string(item) + ")");
    }
  }
  if (buffer.try_take()) return fail("try_take() returned an item from an empty buffer");
  buffer.close();
  if (buffer.try_put(5)) return fail("try_put() succeeded on a closed buffer");
}

// Fills a buffer of `capacity`, blocks two putters in put(), then frees one slot at a time with try_take().
// Each freed slot must wake a putter, as take() would: nothing else (no close, no other taker) will. False
// (with a finding) otherwise.
bool try_take_wakes_putters(std::size_t capacity) {
  AnyBuffer buffer(capacity);
  for (std::size_t i = 0; i < capacity; ++i) buffer.put(static_cast<long>(i));
  const std::string what = "on a full buffer of capacity " + std::to_string(capacity);
  Threads putters;
  if (!start_waiting_threads(putters, 2, "putter", [&](int i) { buffer.put(100 + i); },
                             "BoundedBuffer::put() " + what)) {
    buffer.close();
    return false;
  }
  for (std::size_t freed = 1; freed <= 2; ++freed) {
    // The oldest item: one of those put first, or (capacity 1) the item of the putter woken first.
    const std::optional<long> item = buffer.try_take();
    const bool oldest = freed <= capacity ? item == static_cast<long>(freed - 1) : (item == 100 || item == 101);
    if (!oldest) {
      harness::fail_check("try_take() " + what + " did not return the oldest item");
      buffer.close();
      return false;
    }
    if (!eventually([&] { return finished_count(putters) >= static_cast<int>(freed); })) {
      harness::fail_check(
          "a thread blocked in put() " + what + " was never woken after try_take() freed a slot\n"
          "try_take() frees a slot just as take() does: it must notify not_full, or the putters sleep for ever.");
      all_finish(putters, [&] { buffer.close(); });  // lets the putters return so the test can end
      return false;
    }
  }
  return all_finish(putters, [&] { buffer.close(); });
}

// A putter that only a try_take() can release (the test closes nothing and takes nothing else).
TEST(BoundedBuffer, TryTakeWakesBlockedPutter) {
  for (std::size_t capacity : {1, 3}) {
    if (!try_take_wakes_putters(capacity)) return;
  }
}

}  // namespace
}  // namespace monitor_lab
