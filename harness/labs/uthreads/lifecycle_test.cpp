// Graded test: a thousand threads created and joined, and not one stack leaks.
#include <gtest/gtest.h>

#include <harness/harness.hpp>

#include "uth_world.hpp"

namespace uthreads_lab {
namespace {

constexpr int kBatches = 4;
constexpr int kPerBatch = 250;
std::atomic<int> ran{0};

void count_and_yield(void*) {
  ran.fetch_add(1);
  World::current().yield();
  harness::progress();
}

TEST(Lifecycle, ThousandThreadsNoLeak) {
  World world;
  ran = 0;
  const std::int64_t stacks_before = lab::hw::counters().live_stacks;
  world.start_timer(1000);
  static int ids[kPerBatch];
  std::int64_t leaked = 0;
  for (int batch = 0; batch < kBatches && leaked == 0; ++batch) {
    for (int& id : ids) id = world.create(&count_and_yield, nullptr);
    for (int id : ids) world.join(id);
    leaked = lab::hw::counters().live_stacks - stacks_before;
  }
  world.stop_timer();
  check(leaked == 0, msg("after joining every thread of a batch of ", kPerBatch, ", ", leaked,
                         " stacks were still allocated: join must free the thread's stack"));
  if (leaked == 0) check(ran.load() == kBatches * kPerBatch, "not every created thread ran");
}

}  // namespace
}  // namespace uthreads_lab
