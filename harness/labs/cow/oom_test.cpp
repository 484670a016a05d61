// Graded test: a copy-on-write fault with no free frame kills that process only, and frees its frames.
#include <gtest/gtest.h>

#include <string>

#include "cow_world.hpp"

namespace cow_lab {
namespace {

TEST(CowOom, KillsOnlyTheFaultingProcess) {
  World world(lab::Machine::Config{.frames = 64, .page_size = 4096});
  ProcessPtr bystander = world.spawn(4, 0x0b);
  ProcessPtr parent = world.spawn(40, 0x0a);
  const std::size_t free_before = world.count_free();
  ProcessPtr child = world.fork(*parent);
  std::size_t written = 0;
  while (written < 40 && world.write_page(*child, written, 0x0c)) ++written;
  expect(child->killed(), msg("the child wrote all 40 shared pages with only ", free_before,
                              " free frames: a copy-on-write fault without a free frame must kill it"));
  expect(written == free_before,
         msg("the child was killed after ", written, " copies, but ", free_before, " frames were free"));
  if (!world.check_refcounts(live({bystander.get(), parent.get(), child.get()}), "the child was killed")) return;
  world.exit(std::move(child));
  if (!world.check_refcounts(live({bystander.get(), parent.get()}), "exit of the killed child")) return;
  world.expect_free(free_before, "exit of the child killed for lack of memory (its copies must be freed)");
  for (std::size_t page = 0; page < 40; ++page) {
    if (!world.expect_page(*parent, page, 0x0a, "the child was killed for lack of memory")) return;
  }
  for (std::size_t page = 0; page < 4; ++page) {
    if (!world.expect_page(*bystander, page, 0x0b, "another process was killed for lack of memory")) return;
  }
  // The system keeps running: forks and copy-on-write faults work again.
  if (!expect(world.write_page(*bystander, 1, 0x1b), msg("an unrelated process could not write after the kill")))
    return;
  ProcessPtr again = world.fork(*parent);
  if (!expect(world.write_page(*again, 7, 0x0d), msg("a new child could not copy a page after the kill"))) return;
  if (!world.expect_page(*parent, 7, 0x0a, "a new child wrote after the kill")) return;
  if (!world.check_refcounts(live({bystander.get(), parent.get(), again.get()}), "a fork after the kill")) return;
  world.exit(std::move(again));
  world.exit(std::move(parent));
  world.exit(std::move(bystander));
}

}  // namespace
}  // namespace cow_lab
