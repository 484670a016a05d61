// Graded tests of part 1: the 4-level page table (map, translate, unmap, protect, tables freed when empty).
#include <gtest/gtest.h>

#include <array>
#include <set>

#include "paging_world.hpp"

namespace paging_lab {
namespace {

using lab::paging::PTE_R;
using lab::paging::PTE_V;
using lab::paging::PTE_W;
using lab::paging::PTE_X;

// Addresses that differ at every level of the table: same leaf table, neighbouring leaf tables, other
// level-2 and level-3 entries, the top of the 48-bit space.
constexpr std::array<vaddr_t, 8> kSpread = {0x0,          0x1000,        0x1ff000,       0x200000,
                                            0x40000000,   0x8000001000,  0x7ffffffff000, 0x400000000000};

// The number of tables (the root included) a set of mapped pages needs.
std::size_t tables_for(const std::vector<vaddr_t>& pages) {
  std::set<vaddr_t> l2, l1, l0;
  for (vaddr_t va : pages) {
    l2.insert(va >> 39);
    l1.insert(va >> 30);
    l0.insert(va >> 21);
  }
  return 1 + l2.size() + l1.size() + l0.size();
}

std::string perms_text(std::uint32_t flags) {
  std::string text;
  if (flags & PTE_R) text += "R";
  if (flags & PTE_W) text += "W";
  if (flags & PTE_X) text += "X";
  return text.empty() ? "-" : text;
}

// map then translate every address of kSpread; a second map of each is refused; translate of what is not
// mapped finds nothing; a CPU running the space reads the mapped frames.
TEST(PageTable, MapTranslate) {
  World world({.machine = {.frames = 64, .cpus = 1}});
  world.setup([&] {
    void* space = world.create_space();
    if (space == nullptr) return;
    std::vector<pfn_t> frames;
    for (vaddr_t va : kSpread) {
      const pfn_t frame = world.machine().alloc_frame();
      world.machine().frame_data(frame)[0] = std::byte{fill_of(va)};
      frames.push_back(frame);
      if (!expect(world.map(space, va, frame, kUserRW), msg("map(", hex(va), ") returned false on an empty space")))
        return;
    }
    for (std::size_t i = 0; i < kSpread.size(); ++i) {
      const auto pte = world.translate(space, kSpread[i]);
      if (!expect(pte && pte->valid() && pte->frame() == frames[i] && pte->has(kUserRW),
                  msg("translate(", hex(kSpread[i]), ") after map(", hex(kSpread[i]), ", frame ", frames[i],
                      ", RW) gave ", pte ? lab::paging::describe(*pte) : std::string("nothing"))))
        return;
      expect(!world.map(space, kSpread[i], frames[i], kUserRW), msg("a second map(", hex(kSpread[i]), ") succeeded"));
    }
    for (vaddr_t va : {vaddr_t{0x2000}, vaddr_t{0x201000}, vaddr_t{0x7fffffffe000}}) {
      expect(!world.translate(space, va), msg("translate(", hex(va), ") found an entry, but nothing was mapped there"));
    }
    world.switch_to(space);
    for (vaddr_t va : kSpread) {
      std::uint8_t byte = 0;
      if (!expect(world.read(va + 0, byte) && byte == fill_of(va),
                  msg("a read of ", hex(va), " on a CPU running the space did not see its frame's byte")))
        return;
    }
    world.switch_to(nullptr);
    world.destroy_space(space);
  });
  world.machine().check_frames_in_use(0, "destroy_space of the only space");
}

// Tables are created only as needed and freed as soon as they are empty: the exact number of frames in
// use is checked after each map and unmap of a spread of pages, in two orders.
TEST(PageTable, FreesEmptyTables) {
  World world({.machine = {.frames = 64, .cpus = 1}});
  world.setup([&] {
    void* space = world.create_space();
    if (space == nullptr) return;
    if (!world.machine().check_frames_in_use(1, "create_space (its root table)")) return;
    for (int round = 0; round < 2; ++round) {
      std::vector<vaddr_t> mapped;
      for (vaddr_t va : kSpread) {
        if (!world.map_fresh(space, va, kUserRW)) return;
        mapped.push_back(va);
        if (!world.machine().check_frames_in_use(tables_for(mapped) + mapped.size(), msg("map(", hex(va), ")")))
          return;
      }
      while (!mapped.empty()) {
        const vaddr_t va = round == 0 ? mapped.back() : mapped.front();
        if (!expect(world.unmap(space, va), msg("unmap(", hex(va), ") of a mapped page returned false"))) return;
        mapped.erase(round == 0 ? mapped.end() - 1 : mapped.begin());
        const std::size_t expected = (mapped.empty() ? 1 : tables_for(mapped)) + mapped.size();
        if (!world.machine().check_frames_in_use(expected, msg("unmap(", hex(va), ") (a table left empty is freed)")))
          return;
        for (vaddr_t still : mapped) {
          if (!expect(world.translate(space, still).has_value(),
                      msg("translate(", hex(still), ") found nothing after unmap(", hex(va), ") of another page")))
            return;
        }
      }
      expect(!world.unmap(space, 0x1000), "unmap of a page that is not mapped returned true");
    }
    world.destroy_space(space);
  });
  world.machine().check_frames_in_use(0, "destroy_space");
}

// The hardware checks R, W, X and U on every (user-mode) access; protect changes them, and destroy_space
// frees what is still mapped.
TEST(PageTable, Permissions) {
  World world({.machine = {.frames = 64, .cpus = 1}});
  world.setup([&] {
    void* space = world.create_space();
    if (space == nullptr) return;
    const vaddr_t ro = 0x10000, rw = 0x11000, rx = 0x12000, kernel = 0x14000;
    if (!world.map_fresh(space, ro, kUserRO) || !world.map_fresh(space, rw, kUserRW) ||
        !world.map_fresh(space, rx, kUserRX) || !world.map_fresh(space, kernel, PTE_R | PTE_W))
      return;
    expect(!world.map(space, 0x13000, 0, lab::paging::PTE_W | lab::paging::PTE_U),
           "map with W but without R succeeded (a leaf needs R)");
    world.switch_to(space);
    std::uint8_t byte = 0;
    expect(world.read(ro, byte), "a read of a read-only page failed");
    expect(!world.write(ro, 1), "a write to a read-only page succeeded");
    expect(world.write(rw, 2) && world.read(rw, byte) && byte == 2, "a write then a read of a read-write page failed");
    expect(world.machine().access(rx, Access::exec, &byte), "executing an R+X page failed");
    expect(!world.machine().access(rw, Access::exec, &byte), "executing a page without X succeeded");
    expect(!world.read(kernel, byte), "a user-mode read of a page mapped without U succeeded");
    for (const auto& [va, perms] : {std::pair{rw, kUserRO}, std::pair{ro, kUserRW}}) {
      if (!expect(world.protect(space, va, perms), msg("protect(", hex(va), ") of a mapped page returned false")))
        return;
      const auto pte = world.translate(space, va);
      expect(pte && pte->valid() && (pte->flags() & (PTE_R | PTE_W | PTE_X)) == (perms & (PTE_R | PTE_W | PTE_X)),
             msg("translate(", hex(va), ") after protect(", perms_text(perms), ") gave ",
                 pte ? lab::paging::describe(*pte) : std::string("nothing")));
    }
    expect(!world.write(rw, 3), "a write succeeded after protect made the page read-only");
    expect(world.write(ro, 4), "a write failed after protect made the page read-write");
    expect(!world.protect(space, 0x20000, kUserRW), "protect of a page that is not mapped returned true");
    world.switch_to(nullptr);
    world.destroy_space(space);
  });
  world.machine().check_frames_in_use(0, "destroy_space of a space with four pages mapped");
}

// Several CPUs map, translate and unmap pages of one space at once. Their pages share the upper tables
// and, in pairs, leaf tables: two CPUs creating the same table at once must end with one table, and a CPU
// freeing an empty table must not free one another CPU is filling.
TEST(PageTable, ConcurrentMaps) {
  constexpr std::size_t kCpus = 4;
  World world({.machine = {.frames = 256, .cpus = kCpus}});
  void* space = nullptr;
  world.setup([&] { space = world.create_space(); });
  if (space == nullptr) return;
  const long rounds = for_config({.plain = 300, .tsan = 60, .asan = 150, .perturb = 40, .controlled = 5});
  RoundStart rounds_start(kCpus);
  world.run_cpus(kCpus, [&](int cpu) {
    for (long round = 0; round < rounds; ++round) {
      harness::progress();
      // Every CPU starts the round at once: the two of a pair then find the same table missing together.
      rounds_start.arrive_and_wait(round);
      // CPUs 0 and 1 share leaf tables, 2 and 3 share theirs; every round touches a new level-1 region.
      const vaddr_t base = (static_cast<vaddr_t>(round % 8) << 30) + (static_cast<vaddr_t>(cpu / 2) << 21);
      const vaddr_t va = base + static_cast<vaddr_t>(cpu % 2) * kPage;
      // A failure is reported and the round goes on: the other CPUs wait for this one at the next round.
      if (!expect(world.map_fresh(space, va, kUserRW), msg("CPU ", cpu, ": map(", hex(va), ") returned false")))
        continue;
      const auto pte = world.translate(space, va);
      expect(pte && pte->valid(), msg("CPU ", cpu, ": translate(", hex(va), ") found nothing just after its map "
                                      "(another CPU's map or unmap lost it)"));
      expect(world.unmap(space, va), msg("CPU ", cpu, ": unmap(", hex(va), ") of its own page returned false"));
    }
  });
  world.machine().check_frames_in_use(1, msg(kCpus, " CPUs each mapped and unmapped their pages ", rounds,
                                             " times (only the root table may be left)"));
  world.setup([&] { world.destroy_space(space); });
}

}  // namespace
}  // namespace paging_lab
