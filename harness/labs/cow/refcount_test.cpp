// Graded tests: the reference-count invariant after every operation of a random workload; many sharers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cow_world.hpp"

namespace cow_lab {
namespace {

// A process and what each of its pages must hold (every page is filled with one byte value).
struct Modelled {
  ProcessPtr process;
  std::vector<std::uint8_t> expected;
};

constexpr std::size_t kPages = 6;
constexpr std::size_t kMaxLive = 8;

std::string name(const Modelled& m) { return "pid " + std::to_string(m.process->pid()); }

// One random operation on `procs`; returns a description of it.
std::string random_operation(World& world, std::vector<Modelled>& procs, harness::Rng& rng, std::uint8_t& next) {
  Modelled& m = procs[rng.below(procs.size())];
  const std::size_t page = rng.below(kPages);
  switch (rng.below(5)) {
    case 0:
      if (procs.size() < kMaxLive) {
        const std::string what = "fork of " + name(m);
        Modelled child{world.fork(*m.process), m.expected};
        procs.push_back(std::move(child));  // may move `m`: not used after this
        return what;
      }
      [[fallthrough]];
    case 1: {
      if (!world.write_page(*m.process, page, next)) harness::fail_check(name(m) + " was killed writing its page");
      m.expected[page] = next++;
      return name(m) + " writing page " + std::to_string(page);
    }
    case 2: {
      std::vector<std::uint8_t> data(world.page_size(), next);
      if (!world.copyout(*m.process, page * world.page_size(), data.data(), data.size())) {
        harness::fail_check("copyout into " + name(m) + " page " + std::to_string(page) + " failed");
      }
      m.expected[page] = next++;
      return "copyout into " + name(m) + " page " + std::to_string(page);
    }
    case 3:
      if (procs.size() > 1) {
        const std::string what = "exit of " + name(m);
        world.exit(std::move(m.process));
        std::swap(m, procs.back());
        procs.pop_back();
        return what;
      }
      [[fallthrough]];
    default:
      world.expect_page(*m.process, page, m.expected[page], "after earlier operations");
      return name(m) + " reading page " + std::to_string(page);
  }
}

TEST(CowRefcount, InvariantAfterEveryOperation) {
  World world;
  const std::size_t baseline = world.count_free();
  harness::Rng rng(harness::seed());
  std::uint8_t next = 1;
  std::vector<Modelled> procs;
  procs.push_back({world.spawn(kPages, 0), std::vector<std::uint8_t>(kPages, 0)});
  for (int step = 0; step < 400; ++step) {
    const std::string what = random_operation(world, procs, rng, next);
    std::vector<const lab::Process*> all;
    for (const auto& m : procs) all.push_back(m.process.get());
    if (::testing::Test::HasFailure() || !world.check_refcounts(all, what + " (step " + std::to_string(step) + ")")) {
      return;
    }
    harness::progress();
  }
  for (auto& m : procs) world.exit(std::move(m.process));
  world.expect_free(baseline, "after every process exited");
}

// More sharers of one frame than an 8-bit count can hold.
TEST(CowRefcount, MoreThan255Sharers) {
  World world;
  const std::size_t baseline = world.count_free();
  std::vector<ProcessPtr> procs;
  procs.push_back(world.spawn(2, 0x33));
  for (int i = 0; i < 300; ++i) procs.push_back(world.fork(*procs[0]));
  if (!world.check_refcounts(live(procs), "300 forks of one process")) return;
  if (!expect(world.write_page(*procs[150], 0, 0x44), "one of 301 sharers was killed writing its copy-on-write page 0"))
    return;
  if (!world.check_refcounts(live(procs), "a write by one of 301 sharers")) return;
  if (!world.expect_page(*procs[0], 0, 0x33, "one of 301 sharers wrote page 0")) return;
  for (std::size_t i = 1; i < procs.size(); ++i) {
    world.exit(std::move(procs[i]));
    harness::progress();
  }
  procs.resize(1);
  if (!world.check_refcounts(live(procs), "300 children exited")) return;
  if (!world.expect_page(*procs[0], 1, 0x33, "300 children exited")) return;
  world.exit(std::move(procs[0]));
  world.expect_free(baseline, "after every process exited");
}

}  // namespace
}  // namespace cow_lab
