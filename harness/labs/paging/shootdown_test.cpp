// Graded tests of part 2: TLB shootdown. Other CPUs run the space and keep its translations cached
// while one CPU unmaps or protects; when that call returns, no CPU may use the old translation.
#include <gtest/gtest.h>

#include <atomic>

#include "paging_world.hpp"

namespace paging_lab {
namespace {

constexpr vaddr_t kShootdownBase = 0x400000;
constexpr std::size_t kPages = 8;  // fits every CPU's TLB (16 entries)

vaddr_t page_va(std::size_t i) { return kShootdownBase + i * kPage; }

// A flag the CPUs poll while they answer IPIs. Relaxed: it must not order the CPUs for ThreadSanitizer.
class Flag {
 public:
  void set() noexcept { value_.store(true, std::memory_order_relaxed); }
  bool is_set() const noexcept { return value_.load(std::memory_order_relaxed); }
  void wait() const noexcept {
    while (!is_set()) {
      lab::cpu_relax();
    }
  }

 private:
  std::atomic<bool> value_{false};
};

// Counts up to `n` arrivals; wait() returns once all have arrived (relaxed, like Flag).
class Arrivals {
 public:
  explicit Arrivals(std::size_t n) : n_(n) {}
  void arrive() noexcept { count_.fetch_add(1, std::memory_order_relaxed); }
  void wait() const noexcept {
    while (count_.load(std::memory_order_relaxed) < n_) {
      lab::cpu_relax();
    }
  }

 private:
  std::size_t n_;
  std::atomic<std::size_t> count_{0};
};

void* space_with_pages(World& world, std::uint32_t perms) {
  void* space = nullptr;
  world.setup([&] {
    space = world.create_space();
    for (std::size_t i = 0; space != nullptr && i < kPages; ++i) world.map_fresh(space, page_va(i), perms);
  });
  return space;
}

// CPUs 1..3 read every page of the space again and again; CPU 0 unmaps a page and maps a new frame
// there, round after round. A reader whose TLB still maps the old frame after unmap returned is caught
// by the machine (at unmap's return and at its next hit), as is a frame freed while a TLB maps it.
TEST(Shootdown, UnmapWhileOthersRead) {
  constexpr std::size_t kCpus = 4;
  World world({.machine = {.frames = 128, .cpus = kCpus}});
  void* space = space_with_pages(world, kUserRW);
  if (space == nullptr) return;
  const long rounds = for_config({.plain = 400, .tsan = 80, .asan = 200, .perturb = 60, .controlled = 5});
  Arrivals warm(kCpus - 1);
  Flag stop;
  world.run_cpus(kCpus, [&](int cpu) {
    world.switch_to(space);
    if (cpu == 0) {
      warm.wait();  // every reader has every page in its TLB
      for (long round = 0; round < rounds && !::testing::Test::HasFailure(); ++round) {
        harness::progress();
        const vaddr_t va = page_va(static_cast<std::size_t>(round) % kPages);
        if (!world.remap_fresh(space, va, kUserRW)) break;
      }
      stop.set();
      return;
    }
    bool first_pass = true;
    while (!stop.is_set()) {
      for (std::size_t i = 0; i < kPages; ++i) {
        std::uint8_t byte = 0;
        (void)world.read(page_va(i), byte);  // may fault while the page is unmapped: that is fine
      }
      if (first_pass) warm.arrive();
      first_pass = false;
    }
  });
  world.setup([&] { world.destroy_space(space); });
  world.machine().check_frames_in_use(0, "destroy_space");
}

// CPUs 1..3 write every page again and again; CPU 0 makes a page read-only and then read-write again.
// After protect(read-only) returns, a write through a TLB entry that still allows it is caught.
TEST(Shootdown, ProtectDowngrade) {
  constexpr std::size_t kCpus = 4;
  World world({.machine = {.frames = 128, .cpus = kCpus}});
  void* space = space_with_pages(world, kUserRW);
  if (space == nullptr) return;
  const long rounds = for_config({.plain = 400, .tsan = 80, .asan = 200, .perturb = 60, .controlled = 5});
  Arrivals warm(kCpus - 1);
  Flag stop;
  world.run_cpus(kCpus, [&](int cpu) {
    world.switch_to(space);
    if (cpu == 0) {
      warm.wait();
      for (long round = 0; round < rounds && !::testing::Test::HasFailure(); ++round) {
        harness::progress();
        const vaddr_t va = page_va(static_cast<std::size_t>(round) % kPages);
        if (!expect(world.protect(space, va, kUserRO), msg("protect(", hex(va), ", R) returned false"))) break;
        std::uint8_t byte = 0;
        expect(world.read(va, byte), msg("a read of ", hex(va), " failed after protect made it read-only"));
        if (!expect(world.protect(space, va, kUserRW), msg("protect(", hex(va), ", RW) returned false"))) break;
      }
      stop.set();
      return;
    }
    bool first_pass = true;
    while (!stop.is_set()) {
      for (std::size_t i = 0; i < kPages; ++i) {
        // Byte `cpu` of each page is this CPU's own: the writers do not race with each other.
        (void)world.write(page_va(i) + static_cast<vaddr_t>(cpu), static_cast<std::uint8_t>(cpu));
      }
      if (first_pass) warm.arrive();
      first_pass = false;
    }
  });
  world.setup([&] { world.destroy_space(space); });
  world.machine().check_frames_in_use(0, "destroy_space");
}

// CPU 1 ran space A (its TLB keeps A's entries) and now runs B. An unmap in A needs no IPI to CPU 1: it
// flushes A when it switches back (lazily). It must then see the new mapping, not the cached old one.
TEST(Shootdown, LazyFlush) {
  World world({.machine = {.frames = 128, .cpus = 2}});
  void* a = space_with_pages(world, kUserRW);
  void* b = space_with_pages(world, kUserRW);
  if (a == nullptr || b == nullptr) return;
  const long rounds = for_config({.plain = 50, .tsan = 20, .asan = 30, .perturb = 10, .controlled = 2});
  Flag left_a[64], unmapped[64];
  world.run_cpus(2, [&](int cpu) {
    // Both CPUs go through every round, also after a failure: each waits for the other's flags.
    for (long round = 0; round < rounds && round < 64; ++round) {
      const vaddr_t va = page_va(static_cast<std::size_t>(round) % kPages);
      if (cpu == 1) {
        world.switch_to(a);
        std::uint8_t byte = 0;
        (void)world.read(va, byte);  // cached in CPU 1's TLB under A's ASID
        world.switch_to(b);
        left_a[round].set();
        unmapped[round].wait();
        world.switch_to(a);
        const bool ok = world.read(va, byte);
        expect(ok && byte == fill_of(va), msg("CPU 1 switched back to a space where ", hex(va),
                                              " had been unmapped and mapped to a new frame, and read ",
                                              ok ? "a wrong byte" : "nothing (the access was refused)"));
        continue;
      }
      world.switch_to(a);
      left_a[round].wait();
      const std::uint64_t ipis = world.machine().ipis_sent();
      if (world.remap_fresh(a, va, kUserRW)) {
        expect(world.machine().ipis_sent() == ipis,
               msg("unmap(", hex(va), ") sent ", world.machine().ipis_sent() - ipis,
                   " IPI(s) although no other CPU runs the space: a CPU that does not run it flushes when it "
                   "switches to it again"));
      }
      unmapped[round].set();
    }
  });
  world.setup([&] {
    world.destroy_space(a);
    world.destroy_space(b);
  });
  world.machine().check_frames_in_use(0, "destroy_space of both spaces");
}

// Two CPUs, each running its own space and unmapping pages of the space the other runs, at once: each
// waits for the other's acknowledgement, so each must answer IPIs while it waits (lab::cpu_relax).
TEST(Shootdown, EachOther) {
  World world({.machine = {.frames = 128, .cpus = 2}});
  void* spaces[2] = {space_with_pages(world, kUserRW), space_with_pages(world, kUserRW)};
  if (spaces[0] == nullptr || spaces[1] == nullptr) return;
  const long rounds = for_config({.plain = 300, .tsan = 60, .asan = 150, .perturb = 40, .controlled = 3});
  RoundStart rounds_start(2);
  world.run_cpus(2, [&](int cpu) {
    void* mine = spaces[cpu];
    void* theirs = spaces[1 - cpu];
    world.switch_to(mine);
    for (long round = 0; round < rounds; ++round) {
      harness::progress();
      const vaddr_t va = page_va(static_cast<std::size_t>(round) % kPages);
      std::uint8_t byte = 0;
      (void)world.read(va, byte);
      // Both CPUs start their unmaps at the same moment, so that each is likely to wait for the other.
      rounds_start.arrive_and_wait(round);
      (void)world.remap_fresh(theirs, va, kUserRW);  // reports its own failure; the rounds go on together
    }
  });
  world.setup([&] {
    world.destroy_space(spaces[0]);
    world.destroy_space(spaces[1]);
  });
  world.machine().check_frames_in_use(0, "destroy_space of both spaces");
}

}  // namespace
}  // namespace paging_lab
