// Graded tests: fork copies no frame, a write to a shared page copies it once, a sole owner's write none.
#include <gtest/gtest.h>

#include <string>

#include "cow_world.hpp"

namespace cow_lab {
namespace {

TEST(CowLaziness, ForkCopiesNothing) {
  World world;
  ProcessPtr parent = world.spawn(16, 0x42);
  const std::size_t before = world.count_free();
  ProcessPtr child = world.fork(*parent);
  if (!world.expect_free(before, "fork of a 16-page process must copy no frame")) return;
  for (std::size_t page = 0; page < 16; ++page) {
    expect(frame_of(*child, page) == frame_of(*parent, page),
           msg("after fork, the child's page ", page, " must map the parent's frame: parent ",
               lab::describe(parent->pte(page)), ", child ", lab::describe(child->pte(page))));
    if (!world.expect_page(*child, page, 0x42, "the child reads what the parent had")) return;
  }
  if (!world.expect_free(before, "reading shared pages must copy no frame")) return;
  if (!world.check_refcounts(live({parent.get(), child.get()}), "fork")) return;
  world.exit(std::move(child));
  world.exit(std::move(parent));
}

TEST(CowLaziness, WriteCopiesOnce) {
  World world;
  ProcessPtr parent = world.spawn(8, 0x42);
  ProcessPtr child = world.fork(*parent);
  const std::size_t before = world.count_free();
  if (!expect(world.write_byte(*child, 0, 1), msg("the child was killed writing its copy-on-write page 0"))) return;
  if (!world.expect_free(before - 1, "the child's first write to shared page 0 must copy it once")) return;
  if (!expect(world.write_byte(*child, 1, 2), "the child was killed writing its own copy of page 0")) return;
  if (!expect(world.write_page(*child, 0, 3), "the child was killed writing its own copy of page 0")) return;
  if (!world.expect_free(before - 1, "more writes to the child's own copy of page 0 must copy nothing")) return;
  expect(child->pte(0).has(lab::PTE_W),
         msg("after its copy the child's page 0 must be writable: ", lab::describe(child->pte(0))));
  if (!expect(world.write_byte(*child, 5 * world.page_size(), 4),
              "the child was killed writing its copy-on-write page 5"))
    return;
  if (!world.expect_free(before - 2, "the child's first write to shared page 5 must copy it once")) return;
  if (!world.check_refcounts(live({parent.get(), child.get()}), "the child's writes")) return;
  world.exit(std::move(child));
  world.exit(std::move(parent));
}

// Once the other sharer has its own copy (or has exited), the last one writes in place.
TEST(CowLaziness, SoleOwnerWriteCopiesNothing) {
  World world;
  ProcessPtr parent = world.spawn(4, 0x42);
  ProcessPtr child = world.fork(*parent);
  if (!expect(world.write_byte(*child, 0, 1), "the child was killed writing its copy-on-write page 0")) return;
  const std::size_t before = world.count_free();
  const lab::frame_t frame = frame_of(*parent, 0);
  if (!expect(world.write_byte(*parent, 0, 2), msg("the parent was killed writing its page 0"))) return;
  if (!world.expect_free(before, "the parent writes page 0, whose frame only it maps now (count 1)")) return;
  expect(frame_of(*parent, 0) == frame, msg("with a reference count of 1 the fault handler must make the page "
                                            "writable in place, not copy it"));
  world.exit(std::move(child));
  if (!world.check_refcounts(live({parent.get()}), "exit of the child")) return;
  const lab::frame_t frame1 = frame_of(*parent, 1);
  const std::size_t after_exit = world.count_free();
  if (!expect(world.write_byte(*parent, world.page_size(), 3), "the parent was killed writing its page 1")) return;
  if (!world.expect_free(after_exit, "the parent writes page 1 after the child exited (count 1)")) return;
  expect(frame_of(*parent, 1) == frame1, msg("page 1 was copied although nobody else mapped it"));
  if (!world.check_refcounts(live({parent.get()}), "the parent's writes")) return;
  world.exit(std::move(parent));
}

}  // namespace
}  // namespace cow_lab
