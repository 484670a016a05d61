// Unit tests of the simulated MMU (lab/mmu.hpp): entries, translation, fault delivery, kill, misuse.
#include "lab/mmu.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

#include "harness/expect_usage.hpp"

namespace {

constexpr std::uint32_t kRW = lab::PTE_R | lab::PTE_W | lab::PTE_U;

lab::Machine small_machine() { return lab::Machine(lab::Machine::Config{.frames = 8, .page_size = 64}); }

TEST(Mmu, PteKeepsFrameAndFlags) {
  lab::Pte pte;
  EXPECT_FALSE(pte.valid());
  EXPECT_EQ(lab::describe(pte), "unmapped");
  pte.map(5, lab::PTE_R | lab::PTE_U);
  EXPECT_TRUE(pte.valid());
  EXPECT_EQ(pte.frame(), 5u);
  pte.set_flags(lab::PTE_COW);
  EXPECT_TRUE(pte.has(lab::PTE_V | lab::PTE_COW));
  EXPECT_EQ(lab::describe(pte), "frame 5 [V R U COW]");
  pte.clear_flags(lab::PTE_COW);
  pte.set_flags(lab::PTE_W);
  EXPECT_EQ(pte.frame(), 5u);
  EXPECT_EQ(lab::describe(pte), "frame 5 [V R W U]");
  pte.map(lab::kNoFrame - 1, kRW);
  EXPECT_EQ(pte.frame(), lab::kNoFrame - 1);
  pte.clear();
  EXPECT_FALSE(pte.valid());
}

TEST(Mmu, TranslatesThroughThePageTableAcrossPages) {
  lab::Machine machine = small_machine();
  lab::Process process(1, 2);
  process.pte(0).map(3, kRW);
  process.pte(1).map(6, kRW);
  const char text[] = "0123456789";
  ASSERT_TRUE(machine.write(process, 60, text, 10));  // 4 bytes in page 0, 6 in page 1
  EXPECT_EQ(std::memcmp(machine.frame_data(3) + 60, "0123", 4), 0);
  EXPECT_EQ(std::memcmp(machine.frame_data(6), "456789", 6), 0);
  char back[10] = {};
  ASSERT_TRUE(machine.read(process, 60, back, 10));
  EXPECT_EQ(std::memcmp(back, text, 10), 0);
  EXPECT_EQ(machine.faults(), 0u);
}

TEST(Mmu, WriteToReadOnlyPageFaultsAndRetriesAfterTheHandler) {
  lab::Machine machine = small_machine();
  lab::Process process(1, 1);
  process.pte(0).map(2, lab::PTE_R | lab::PTE_U | lab::PTE_COW);
  int calls = 0;
  machine.set_fault_handler([&](lab::Process& p, lab::vaddr_t va, lab::Access access) {
    ++calls;
    EXPECT_EQ(&p, &process);
    EXPECT_EQ(va, 10u);
    EXPECT_EQ(access, lab::Access::write);
    p.pte(0).map(4, kRW);  // a copy-on-write handler would copy into frame 4
    return true;
  });
  const char byte = 'z';
  ASSERT_TRUE(machine.write(process, 10, &byte, 1));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(static_cast<char>(machine.frame_data(4)[10]), 'z');
  EXPECT_EQ(static_cast<char>(machine.frame_data(2)[10]), '\0');
  ASSERT_TRUE(machine.write(process, 11, &byte, 1));
  EXPECT_EQ(calls, 1) << "a writable page faults no more";
}

TEST(Mmu, RefusedFaultKillsTheProcess) {
  lab::Machine machine = small_machine();
  lab::Process process(1, 2);
  process.pte(0).map(1, lab::PTE_R | lab::PTE_U);
  int calls = 0;
  machine.set_fault_handler([&](lab::Process&, lab::vaddr_t, lab::Access) {
    ++calls;
    return false;
  });
  char byte = 'x';
  EXPECT_FALSE(machine.write(process, 0, &byte, 1));
  EXPECT_TRUE(process.killed());
  EXPECT_FALSE(machine.read(process, 0, &byte, 1)) << "a killed process runs no more user code";
  EXPECT_EQ(calls, 1);
}

TEST(Mmu, UnmappedNonUserAndOutOfRangePagesFault) {
  lab::Machine machine = small_machine();
  machine.set_fault_handler([](lab::Process&, lab::vaddr_t, lab::Access) { return false; });
  char byte = 0;
  lab::Process unmapped(1, 1);
  EXPECT_FALSE(machine.read(unmapped, 0, &byte, 1));
  lab::Process kernel_only(2, 1);
  kernel_only.pte(0).map(1, lab::PTE_R | lab::PTE_W);
  EXPECT_FALSE(machine.read(kernel_only, 0, &byte, 1));
  lab::Process small(3, 1);
  small.pte(0).map(1, kRW);
  EXPECT_FALSE(machine.read(small, 64, &byte, 1));
  EXPECT_EQ(machine.faults(), 3u);
}

TEST(Mmu, HandlerThatFixesNothingKillsInsteadOfLooping) {
  lab::Machine machine = small_machine();
  lab::Process process(1, 1);
  process.pte(0).map(1, lab::PTE_R | lab::PTE_U);
  int calls = 0;
  machine.set_fault_handler([&](lab::Process&, lab::vaddr_t, lab::Access) {
    ++calls;
    return true;
  });
  char byte = 'x';
  EXPECT_FALSE(machine.write(process, 0, &byte, 1));
  EXPECT_TRUE(process.killed());
  EXPECT_EQ(calls, 1);
}

TEST(Mmu, InvalidFrameAndPageAreUsageErrors) {
  lab::Machine machine = small_machine();
  lab::Process process(1, 2);
  harness::ExpectUsageErrors expected;
  std::byte* scratch = machine.frame_data(lab::kNoFrame);
  ASSERT_NE(scratch, nullptr);
  std::memset(scratch, 0xff, machine.page_size());  // harmless: not physical memory
  EXPECT_EQ(machine.frame_data(8), scratch);
  process.pte(2).map(1, kRW);  // the dummy entry
  EXPECT_FALSE(process.pte(2).valid());
  EXPECT_EQ(expected.count(), 4u);
  for (lab::frame_t frame = 0; frame < 8; ++frame) EXPECT_EQ(machine.frame_data(frame)[0], std::byte{0});
}

// Several CPUs reading one shared frame while each writes its own frame: no race in the machine itself
// (this test runs under ThreadSanitizer too).
TEST(Mmu, ConcurrentUsersOfDistinctAndSharedFramesDoNotRace) {
  lab::Machine machine = small_machine();
  std::vector<std::unique_ptr<lab::Process>> procs;
  for (int i = 0; i < 3; ++i) {
    procs.push_back(std::make_unique<lab::Process>(i + 1, 2));
    procs.back()->pte(0).map(0, lab::PTE_R | lab::PTE_U);  // shared, read-only
    procs.back()->pte(1).map(static_cast<lab::frame_t>(i + 1), kRW);
  }
  std::vector<std::thread> cpus;
  for (int i = 0; i < 3; ++i) {
    cpus.emplace_back([&, i] {
      lab::Process& me = *procs[i];
      for (int round = 0; round < 2000; ++round) {
        char in[8];
        const char out = static_cast<char>(round);
        EXPECT_TRUE(machine.read(me, 0, in, sizeof in));
        EXPECT_TRUE(machine.write(me, 64 + round % 64, &out, 1));
      }
    });
  }
  for (auto& cpu : cpus) cpu.join();
  EXPECT_EQ(machine.faults(), 0u);
}

}  // namespace
