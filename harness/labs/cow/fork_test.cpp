// Graded tests: after fork, parent and child see their own writes only; read-only pages stay shared; copyout
// honours copy-on-write and writes in place into a page the process alone maps.
#include <gtest/gtest.h>

#include <string>

#include "cow_world.hpp"

namespace cow_lab {
namespace {

// xv6's simpletest: a process holding two thirds of memory can still fork, because fork copies nothing;
// run twice, and every frame comes back after both exit.
TEST(CowFork, ForkAfterAllocatingMoreThanHalf) {
  World world;
  const std::size_t baseline = world.count_free();
  const std::size_t pages = world.machine().frame_count() * 2 / 3;
  for (int round = 1; round <= 2; ++round) {
    const std::string when = "round " + std::to_string(round);
    ProcessPtr parent = world.spawn(pages, 0x11);
    ProcessPtr child = world.fork(*parent);
    if (!world.check_refcounts(live({parent.get(), child.get()}), when + ", fork")) return;
    for (std::size_t page = 0; page < pages; ++page) {
      if (!world.expect_page(*child, page, 0x11, when + ", the child reads what its parent had")) return;
    }
    if (!world.write_page(*child, 0, 0x22)) return harness::fail_check(when + ": the child was killed writing page 0");
    if (!world.expect_page(*child, 0, 0x22, when + ", after the child wrote page 0")) return;
    if (!world.expect_page(*parent, 0, 0x11, when + ", after the child wrote page 0")) return;
    world.exit(std::move(child));
    if (!world.check_refcounts(live({parent.get()}), when + ", exit of the child")) return;
    for (std::size_t page = 0; page < pages; ++page) {
      if (!world.expect_page(*parent, page, 0x11, when + ", after the child exited")) return;
    }
    world.exit(std::move(parent));
    if (!world.expect_free(baseline, when + ", after every process exited")) return;
    harness::progress();
  }
}

// Writes in the child are invisible to the parent and vice versa, whole pages and single bytes.
TEST(CowFork, Isolation) {
  World world;
  ProcessPtr parent = world.spawn(8, 0xa0);
  ProcessPtr child = world.fork(*parent);
  const auto both = [&] { return live({parent.get(), child.get()}); };
  for (std::size_t page = 0; page < 4; ++page) {
    if (!expect(world.write_page(*child, page, 0xc0), msg("the child was killed writing page ", page))) return;
    if (!world.check_refcounts(both(), "the child wrote page " + std::to_string(page))) return;
  }
  for (std::size_t page = 4; page < 8; ++page) {
    if (!expect(world.write_page(*parent, page, 0xb0), msg("the parent was killed writing page ", page))) return;
    if (!world.check_refcounts(both(), "the parent wrote page " + std::to_string(page))) return;
  }
  for (std::size_t page = 0; page < 4; ++page) {
    if (!world.expect_page(*parent, page, 0xa0, "the child wrote its page (the parent must not see it)")) return;
    if (!world.expect_page(*child, page, 0xc0, "the child wrote its page")) return;
  }
  for (std::size_t page = 4; page < 8; ++page) {
    if (!world.expect_page(*child, page, 0xa0, "the parent wrote its page (the child must not see it)")) return;
    if (!world.expect_page(*parent, page, 0xb0, "the parent wrote its page")) return;
  }
  // Both write one byte into a page they still share: the rest of the page must be copied along.
  ProcessPtr grandchild = world.fork(*child);
  if (!expect(world.write_byte(*grandchild, 3 * world.page_size() + 5, 0x77),
              "the grandchild was killed writing one byte of its copy-on-write page 3"))
    return;
  if (!expect(world.write_byte(*child, 3 * world.page_size() + 5, 0x66),
              "the child was killed writing one byte of its copy-on-write page 3"))
    return;
  std::uint8_t seen = 0;
  if (!expect(world.machine().read(*grandchild, 3 * world.page_size() + 5, &seen, 1),
              "the grandchild was killed reading its page 3"))
    return;
  expect(seen == 0x77, msg("the grandchild's byte was overwritten by its parent's write"));
  if (!expect(world.machine().read(*grandchild, 3 * world.page_size() + 6, &seen, 1),
              "the grandchild was killed reading its page 3"))
    return;
  expect(seen == 0xc0, msg("a copy-on-write copy must keep the rest of the page (byte 6 of page 3 was lost)"));
  if (!world.check_refcounts(live({parent.get(), child.get(), grandchild.get()}), "one-byte writes")) return;
  world.exit(std::move(grandchild));
  world.exit(std::move(child));
  world.exit(std::move(parent));
}

// Pages without write permission are shared by fork as they are: never marked copy-on-write, never
// copied, and a write to one is a real fault that kills the writer.
TEST(CowFork, ReadOnlyPagesStayShared) {
  World world;
  ProcessPtr parent = world.spawn(3, 0x10, kUserRW, 4);
  if (!expect(world.map_fresh(*parent, 3, 0x5e, kUserRO), "kalloc() failed loading a read-only page"))
    return;  // page 3: a read-only "text" page
  ProcessPtr child = world.fork(*parent);
  for (std::size_t page = 0; page < 3; ++page) {
    if (!expect(world.write_page(*child, page, 0x20), msg("the child was killed writing its writable page ", page)))
      return;
    if (!expect(world.write_page(*parent, page, 0x30), msg("the parent was killed writing its writable page ", page)))
      return;
  }
  const lab::Pte& in_parent = parent->pte(3);
  const lab::Pte& in_child = child->pte(3);
  expect(in_child.valid() && in_child.frame() == in_parent.frame(),
         msg("a read-only page must stay shared after fork: parent ", lab::describe(in_parent), ", child ",
             lab::describe(in_child)));
  expect(!(in_parent.has(lab::PTE_W) || in_child.has(lab::PTE_W) || in_child.has(lab::PTE_COW)),
         msg("fork must not make a read-only page writable or copy-on-write: parent ", lab::describe(in_parent),
             ", child ", lab::describe(in_child)));
  if (!world.check_refcounts(live({parent.get(), child.get()}), "fork and writes")) return;
  expect(!(world.write_byte(*child, 3 * world.page_size(), 0x99)),
         msg("a write to a read-only page must kill the process (it is not a copy-on-write fault)"));
  if (!world.expect_page(*parent, 3, 0x5e, "the child wrote to a shared read-only page")) return;
  if (!world.check_refcounts(live({parent.get(), child.get()}), "the child's write to a read-only page")) return;
  world.exit(std::move(child));
  if (!world.check_refcounts(live({parent.get()}), "exit of the killed child")) return;
  world.exit(std::move(parent));
}

// Forking a page that is already copy-on-write (three and four sharers), then each sharer writes.
TEST(CowFork, ReforkSharedPage) {
  World world;
  std::vector<ProcessPtr> procs;
  procs.push_back(world.spawn(2, 0x01));
  procs.push_back(world.fork(*procs[0]));
  procs.push_back(world.fork(*procs[0]));
  procs.push_back(world.fork(*procs[1]));
  if (!world.check_refcounts(live(procs), "forking a copy-on-write page again")) return;
  for (std::size_t i = 0; i < procs.size(); ++i) {
    const lab::Pte& pte = procs[i]->pte(0);
    expect(!(pte.has(lab::PTE_W)), msg("pid ", procs[i]->pid(), " may write a page it shares: ", lab::describe(pte)));
  }
  for (std::size_t i = 0; i < procs.size(); ++i) {
    if (!expect(world.write_page(*procs[i], 0, static_cast<std::uint8_t>(0x40 + i)),
                msg("pid ", procs[i]->pid(), " was killed writing its copy-on-write page 0 (",
                    lab::describe(procs[i]->pte(0)), ")")))
      return;
    if (!world.check_refcounts(live(procs), "pid " + std::to_string(procs[i]->pid()) + " wrote page 0")) return;
  }
  for (std::size_t i = 0; i < procs.size(); ++i) {
    if (!world.expect_page(*procs[i], 0, static_cast<std::uint8_t>(0x40 + i), "each of four sharers wrote page 0"))
      return;
    if (!world.expect_page(*procs[i], 1, 0x01, "nobody wrote page 1")) return;
  }
  for (auto& process : procs) world.exit(std::move(process));
}

// The kernel writing into a child's copy-on-write page (read() from a pipe into a buffer) copies it first.
TEST(CowCopyout, DoesNotCorruptTheParent) {
  World world;
  ProcessPtr parent = world.spawn(3, 0x61, kUserRW, 4);
  if (!expect(world.map_fresh(*parent, 3, 0x62, kUserRO), "kalloc() failed loading a read-only page")) return;
  ProcessPtr child = world.fork(*parent);
  const std::string message(world.page_size() / 2 + 100, 'x');
  const lab::vaddr_t across = 2 * world.page_size() - world.page_size() / 4;  // spans pages 1 and 2
  if (!expect(world.copyout(*child, across, message.data(), message.size()),
              msg("copyout into the child's pages failed")))
    return;
  if (!world.check_refcounts(live({parent.get(), child.get()}), "copyout into the child")) return;
  for (std::size_t page = 0; page < 3; ++page) {
    if (!world.expect_page(*parent, page, 0x61, "copyout into the child's copy-on-write pages")) return;
  }
  std::string seen(message.size(), '\0');
  if (!expect(world.machine().read(*child, across, seen.data(), seen.size()),
              "the child was killed reading what copyout wrote into it"))
    return;
  expect(seen == message, msg("the child does not read back what copyout wrote into it"));
  if (!expect(world.copyout(*parent, across, "y", 1), msg("copyout into the parent's page 1 failed"))) return;
  if (!world.check_refcounts(live({parent.get(), child.get()}), "copyout into the parent")) return;
  if (!expect(world.machine().read(*child, across, seen.data(), 1), "the child was killed reading its page 1")) return;
  expect(seen[0] == 'x', msg("copyout into the parent changed the child's page"));
  expect(!(world.copyout(*child, 3 * world.page_size(), "z", 1)), msg("copyout into a read-only page must fail"));
  expect(!(world.copyout(*child, 4 * world.page_size(), "z", 1)), msg("copyout beyond the last page must fail"));
  if (!world.expect_page(*parent, 3, 0x62, "copyout into a read-only page")) return;
  if (!world.check_refcounts(live({parent.get(), child.get()}), "failed copyouts")) return;
  world.exit(std::move(child));
  world.exit(std::move(parent));
}

// Copies `text` into `process` at `va` with copyout and expects no frame used, the page's frame kept, and
// the text read back; `why` says why the page is the process's alone. False (with a finding) otherwise.
bool copyout_in_place(World& world, lab::Process& process, lab::vaddr_t va, const std::string& text,
                      const std::string& why) {
  const std::size_t page = va / world.page_size();
  const lab::frame_t frame = frame_of(process, page);
  const std::size_t before = world.count_free();
  if (!expect(world.copyout(process, va, text.data(), text.size()), msg("copyout into page ", page, " failed")))
    return false;
  const std::string what = msg("copyout into page ", page, ", ", why, " (count 1)");
  if (!world.expect_free(before, what)) return false;
  if (!expect(frame_of(process, page) == frame,
              msg(what, " moved the page to another frame: with a reference count of 1 nobody else can see "
                        "the page, so copyout must make it writable in place instead of copying it")))
    return false;
  std::string seen(text.size(), '\0');
  if (!expect(world.machine().read(process, va, seen.data(), seen.size()), msg("reading back after ", what)))
    return false;
  return expect(seen == text, msg("the process does not read back what ", what, " wrote"));
}

// copyout into a copy-on-write page that only its process maps (the other sharer exited, or wrote and got
// its own copy) writes in place, like a write fault on such a page; it must not spend a frame on a copy.
TEST(CowCopyout, SoleOwnerWritesInPlace) {
  World world;
  ProcessPtr parent = world.spawn(3, 0x71);
  ProcessPtr child = world.fork(*parent);
  if (!expect(world.write_byte(*child, 0, 1), "the child was killed writing its copy-on-write page 0")) return;
  if (!copyout_in_place(world, *parent, 10, "after the child's copy", "whose other sharer took its own copy"))
    return;
  if (!world.check_refcounts(live({parent.get(), child.get()}), "copyout into a page the parent alone maps"))
    return;
  world.exit(std::move(child));
  const lab::vaddr_t across = 2 * world.page_size() - 4;  // pages 1 and 2, both the parent's alone now
  if (!copyout_in_place(world, *parent, across, "after the exit", "after its only other sharer exited")) return;
  if (!world.check_refcounts(live({parent.get()}), "copyouts into pages the parent alone maps")) return;
  world.exit(std::move(parent));
}

}  // namespace
}  // namespace cow_lab
