// Graded tests for controlled mode: simulated CPUs fork, write and exit sharers of one frame at once, or
// drop the last references of frames at once.
//
// In the controlled build the student's files are compiled with ThreadSanitizer's instrumentation, so
// their plain memory accesses (a `++` on a reference count) are scheduling points as well as their
// lab:: operations (docs/controlled.md). The machine and the sharers are set up once, before the search:
// every schedule starts from the same state (each runs in a fork of the test process). In other builds
// the body runs once.
#include <gtest/gtest.h>

#include <harness/controlled.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cow_world.hpp"

namespace cow_lab {
namespace {

constexpr std::uint8_t kRootFill = 0x11;

// What CPU `cpu` writes into its process's page.
std::uint8_t written_by(std::size_t cpu) { return static_cast<std::uint8_t>(0x21 + cpu); }

// `cpus` processes (children of one root) share the root's one page. Each simulated CPU forks its
// process, writes its page (a copy-on-write fault) and exits the child, all at once; then every count
// must equal the number of mappings, every page must hold what was written, and every frame must come
// back.
void fork_write_exit(std::size_t cpus) {
  World world(lab::Machine::Config{.frames = 16, .page_size = 256});
  const std::size_t baseline = world.count_free();
  ProcessPtr root = world.spawn(1, kRootFill);
  std::vector<ProcessPtr> procs;
  for (std::size_t i = 0; i < cpus; ++i) procs.push_back(world.fork(*root));
  harness::explore([&] {
    {
      std::vector<std::unique_ptr<harness::TestThread>> threads;
      for (std::size_t i = 0; i < cpus; ++i) {
        threads.push_back(std::make_unique<harness::TestThread>("cpu " + std::to_string(i), [&, i] {
          ProcessPtr child = world.fork(*procs[i]);
          if (!world.write_page(*procs[i], 0, written_by(i)))
            return harness::fail_check("pid " + std::to_string(procs[i]->pid()) + " was killed writing its page");
          world.exit(std::move(child));
        }));
      }
    }
    std::vector<const lab::Process*> all{root.get()};
    for (const auto& p : procs) all.push_back(p.get());
    const std::string what = std::to_string(cpus) + " CPUs each forking, writing and exiting a sharer at once";
    if (::testing::Test::HasFailure() || !world.check_refcounts(all, what)) return;
    if (!world.expect_page(*root, 0, kRootFill, what + " (the root never wrote)")) return;
    for (std::size_t i = 0; i < cpus; ++i) {
      if (!world.expect_page(*procs[i], 0, written_by(i), what)) return;
    }
    for (auto& p : procs) world.exit(std::move(p));
    world.exit(std::move(root));
    world.expect_free(baseline, "after every process exited");
  });
}

// Two processes are the last two sharers of two frames; two CPUs exit them at once. Each frame must be
// freed exactly once: a drop that decides with a load before (or after) its decrement lets both CPUs
// see the other's reference still there, and neither frees the frame (a leak), or both see it gone and
// both free it (a frame twice on the free list).
TEST(CowControlled, TwoCpusDropLastReferences) {
  World world(lab::Machine::Config{.frames = 16, .page_size = 256});
  const std::size_t baseline = world.count_free();
  ProcessPtr procs[2] = {world.spawn(2, kRootFill), nullptr};
  procs[1] = world.fork(*procs[0]);
  harness::explore([&] {
    {
      harness::TestThread first("cpu 0", [&] { world.exit(std::move(procs[0])); });
      harness::TestThread second("cpu 1", [&] { world.exit(std::move(procs[1])); });
    }
    world.expect_free(baseline, "two CPUs exited the last two sharers of two frames at once");
  });
}

TEST(CowControlled, TwoCpusForkWriteExit) { fork_write_exit(2); }

TEST(CowControlled, ThreeCpusForkWriteExit) { fork_write_exit(3); }

}  // namespace
}  // namespace cow_lab
