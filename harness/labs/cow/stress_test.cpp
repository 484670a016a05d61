// Graded tests: processes on several simulated CPUs share frames while they fork, write and exit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cow_world.hpp"

namespace cow_lab {
namespace {

constexpr PerConfig kWriterRounds{.plain = 60, .tsan = 10, .asan = 20, .perturb = 10};
constexpr PerConfig kStormSteps{.plain = 4000, .tsan = 400, .asan = 1000, .perturb = 400};

// xv6's threetest: three processes that share every page write and check all of them at once.
TEST(CowFork, ThreeWriters) {
  constexpr std::size_t kPages = 16;
  World world;
  const std::size_t baseline = world.count_free();
  std::vector<ProcessPtr> procs;
  procs.push_back(world.spawn(kPages, 0));
  procs.push_back(world.fork(*procs[0]));
  procs.push_back(world.fork(*procs[0]));
  const long rounds = for_config(kWriterRounds);
  {
    std::vector<std::unique_ptr<harness::TestThread>> cpus;
    for (std::size_t i = 0; i < procs.size(); ++i) {
      cpus.push_back(std::make_unique<harness::TestThread>("cpu " + std::to_string(i), [&, i] {
        lab::Process& me = *procs[i];
        for (long round = 0; round < rounds && !::testing::Test::HasFailure(); ++round) {
          const auto value = static_cast<std::uint8_t>(i * 64 + round % 64 + 1);
          for (std::size_t page = 0; page < kPages; ++page) {
            if (!world.write_page(me, page, value))
              return harness::fail_check("pid " + std::to_string(me.pid()) + " was killed writing");
          }
          for (std::size_t page = 0; page < kPages; ++page) {
            if (!world.expect_page(me, page, value, "three processes writing their shared pages at once")) return;
          }
          harness::progress();
        }
      }));
    }
  }
  if (::testing::Test::HasFailure() || !world.check_refcounts(live(procs), "three writers")) return;
  for (auto& process : procs) world.exit(std::move(process));
  world.expect_free(baseline, "after every process exited");
}

// What one simulated CPU runs in the storm: its processes and what each of their pages must hold.
struct Cpu {
  struct Proc {
    ProcessPtr process;
    std::vector<std::uint8_t> expected;
  };
  std::vector<Proc> procs;
  std::uint8_t next = 1;
};

constexpr std::size_t kStormPages = 8;
constexpr std::size_t kProcsPerCpu = 3;

// One random step: fork, write, exit or read-and-check one of the CPU's processes.
void storm_step(World& world, Cpu& cpu, harness::Rng& rng) {
  Cpu::Proc& p = cpu.procs[rng.below(cpu.procs.size())];
  const std::size_t page = rng.below(kStormPages);
  switch (rng.below(4)) {
    case 0:
      if (cpu.procs.size() < kProcsPerCpu) {
        Cpu::Proc child{world.fork(*p.process), p.expected};
        cpu.procs.push_back(std::move(child));
        return;
      }
      [[fallthrough]];
    case 1:
      if (!world.write_page(*p.process, page, cpu.next)) {
        return harness::fail_check("pid " + std::to_string(p.process->pid()) + " was killed writing a page");
      }
      p.expected[page] = cpu.next++;
      return;
    case 2:
      if (cpu.procs.size() > 1) {
        world.exit(std::move(p.process));
        std::swap(p, cpu.procs.back());
        cpu.procs.pop_back();
        return;
      }
      [[fallthrough]];
    default:
      world.expect_page(*p.process, page, p.expected[page], "fork/write/exit storm");
  }
}

// xv6's forkfork, on four simulated CPUs whose processes all descend from one parent, so that every
// frame's count is updated from several CPUs at once.
TEST(CowStress, ForkForkStorm) {
  constexpr int kCpus = 4;
  World world(lab::Machine::Config{.frames = 256, .page_size = 4096});
  const std::size_t baseline = world.count_free();
  ProcessPtr root = world.spawn(kStormPages, 0x5a);
  std::vector<Cpu> cpus(kCpus);
  for (Cpu& cpu : cpus) cpu.procs.push_back({world.fork(*root), std::vector<std::uint8_t>(kStormPages, 0x5a)});
  harness::stress({.threads = kCpus, .iterations = for_config(kStormSteps)}, [&](harness::StressThread& thread, long) {
    if (!::testing::Test::HasFailure()) storm_step(world, cpus[thread.index()], thread.rng());
  });
  for (Cpu& cpu : cpus) {
    for (auto& p : cpu.procs) world.exit(std::move(p.process));
  }
  if (!world.check_refcounts(live({root.get()}), "the storm's processes exited")) return;
  for (std::size_t page = 0; page < kStormPages; ++page) {
    if (!world.expect_page(*root, page, 0x5a, "the storm (the parent never wrote)")) return;
  }
  world.exit(std::move(root));
  world.expect_free(baseline, "after every process exited");
}

}  // namespace
}  // namespace cow_lab
