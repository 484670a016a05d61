// Graded tests for controlled mode: the shootdown protocol searched by the controlled scheduler (PCT and
// bounded preemption). One CPU unmaps a page while another switches to the space and reads it, or runs
// the space and reads it again and again: in every interleaving, once unmap has returned the reader must
// not use the old translation, and the frame must not be freed while the reader's TLB still maps it.
//
// The machine and the space are set up once, before the search: every schedule starts from the same
// state (each runs in a fork of the test process). In other builds the body runs once.
#include <gtest/gtest.h>

#include <harness/controlled.hpp>

#include "paging_world.hpp"

namespace paging_lab {
namespace {

// The page unmapped, and a neighbour in the same leaf table that stays mapped: the unmap frees no table,
// so that its few steps, not a scan of 512 entries, are what the search interleaves with the other CPU.
constexpr vaddr_t kVa = 0x401000;
constexpr vaddr_t kNeighbour = 0x400000;

// CPU 1 cached the page while it ran the space, then ran another; CPU 0 unmaps the page while CPU 1
// switches back and reads it. Whether CPU 1 is seen running the space or sees the page marked stale
// depends on the interleaving of switch_to and the shootdown: one of the two must hold in each.
TEST(ShootdownControlled, UnmapWhileSwitchingIn) {
  World world({.machine = {.frames = 32, .cpus = 2}});
  void* space = nullptr;
  void* other = nullptr;
  world.setup([&] {
    space = world.create_space();
    other = world.create_space();
    if (space != nullptr && world.map_fresh(space, kNeighbour, kUserRW)) world.map_fresh(space, kVa, kUserRW);
  });
  if (space == nullptr || other == nullptr) return;
  // Warm CPU 1's TLB with the page, under the space's ASID.
  world.run_cpus(2, [&](int cpu) {
    if (cpu != 1) return;
    world.switch_to(space);
    std::uint8_t byte = 0;
    (void)world.read(kVa, byte);
    world.switch_to(other);
  });
  harness::explore([&] {
    world.run_cpus(2, [&](int cpu) {
      if (cpu == 0) {
        world.switch_to(other);
        expect(world.unmap(space, kVa), "unmap of a mapped page returned false");
        return;
      }
      world.switch_to(space);
      std::uint8_t byte = 0;
      (void)world.read(kVa, byte);  // the old frame before unmap returned, a fault after: both fine
    });
  });
}

// CPU 1 runs the space, with the page in its TLB, when the search starts; CPU 0 unmaps the page while
// CPU 1 reads it twice. CPU 1 answers the IPI at the start of a read: an acknowledgement sent before the
// flush lets CPU 0 free the frame while CPU 1's TLB still maps it, in the interleavings where CPU 0 runs
// between the two.
TEST(ShootdownControlled, UnmapWhileReading) {
  World world({.machine = {.frames = 32, .cpus = 2}});
  void* space = nullptr;
  world.setup([&] {
    space = world.create_space();
    if (space != nullptr && world.map_fresh(space, kNeighbour, kUserRW)) world.map_fresh(space, kVa, kUserRW);
  });
  if (space == nullptr) return;
  world.on_cpu(1, [&] {
    world.switch_to(space);
    std::uint8_t byte = 0;
    (void)world.read(kVa, byte);
  });
  harness::explore([&] {
    world.run_cpus(2, [&](int cpu) {
      if (cpu == 0) {
        expect(world.unmap(space, kVa), "unmap of a mapped page returned false");
        return;
      }
      for (int i = 0; i < 2; ++i) {
        std::uint8_t byte = 0;
        (void)world.read(kVa, byte);
      }
    });
  });
}

// Two CPUs map a page each into the same region, where no table exists yet: both find the level-2,
// level-1 and leaf tables missing. Each table must be created once; both pages stay mapped; unmapping
// both frees every table again.
TEST(PageTableControlled, TwoCpusCreateTheSameTables) {
  World world({.machine = {.frames = 32, .cpus = 2}});
  void* space = nullptr;
  world.setup([&] { space = world.create_space(); });
  if (space == nullptr) return;
  const vaddr_t pages[2] = {0x40000000, 0x40001000};
  harness::explore([&] {
    world.run_cpus(2, [&](int cpu) {
      world.map_fresh(space, pages[cpu], kUserRW);
    });
    world.setup([&] {
      for (const vaddr_t va : pages) {
        const auto pte = world.translate(space, va);
        if (!expect(pte && pte->valid(), msg("two CPUs mapped ", hex(pages[0]), " and ", hex(pages[1]),
                                             " at once into a region without tables, and ", hex(va),
                                             " is not mapped any more (one CPU's new table replaced the other's)")))
          return;
      }
      for (const vaddr_t va : pages) world.unmap(space, va);
    });
    world.machine().check_frames_in_use(1, "two CPUs mapped a page each into one new region and both were unmapped");
  });
}

}  // namespace
}  // namespace paging_lab
