// Unit tests of the paging lab's machine (lab/paging.hpp): walks, TLB, A/D, faults, IPIs, shootdown checks, swap.
#include "lab/paging.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <harness/test_thread.hpp>
#include <lab/cpu.hpp>
#include <vector>

#include "harness/expect_usage.hpp"

namespace {

using namespace lab::paging;

constexpr asid_t kAsid = 3;
constexpr vaddr_t kVa = 0x7f0000;
constexpr std::uint32_t kRW = PTE_V | PTE_R | PTE_W | PTE_U;

// The level-0 table translating `va` from `root`, creating the missing intermediate tables.
pfn_t leaf_table(Machine& m, pfn_t root, vaddr_t va) {
  pfn_t table = root;
  for (int level = kLevels - 1; level > 0; --level) {
    Pte pte = m.read_pte(table, pt_index(va, level));
    if (!pte.valid()) {
      const pfn_t next = m.alloc_frame();
      EXPECT_NE(next, kNoFrame);
      pte = Pte::make(next, PTE_V);
      m.write_pte(table, pt_index(va, level), pte);
    }
    table = pte.frame();
  }
  return table;
}

void map(Machine& m, pfn_t root, vaddr_t va, pfn_t frame, std::uint32_t flags) {
  m.write_pte(leaf_table(m, root, va), pt_index(va, 0), Pte::make(frame, flags));
}

void unmap(Machine& m, pfn_t root, vaddr_t va) { m.write_pte(leaf_table(m, root, va), pt_index(va, 0), Pte{}); }

Pte leaf(Machine& m, pfn_t root, vaddr_t va) { return m.read_pte(leaf_table(m, root, va), pt_index(va, 0)); }

std::uint8_t read(Machine& m, vaddr_t va) {
  std::uint8_t byte = 0;
  EXPECT_TRUE(m.access(va, Access::read, &byte));
  return byte;
}

void write(Machine& m, vaddr_t va, std::uint8_t value) { EXPECT_TRUE(m.access(va, Access::write, &value)); }

// A machine with one address space (kAsid) whose page kVa maps a data frame read-write.
struct OneSpace {
  explicit OneSpace(Machine::Config config = {}) : m(config) {
    root = m.alloc_frame();
    frame = m.alloc_frame();
    map(m, root, kVa, frame, kRW);
  }
  Machine m;
  pfn_t root;
  pfn_t frame;
};

TEST(PagingPte, KeepsFrameAndFlags) {
  EXPECT_EQ(pt_index(0x7f0000, 0), 0x1f0u);
  EXPECT_EQ(pt_index(vaddr_t{1} << 39, 3), 1u);
  const Pte pte = Pte::make(17, PTE_V | PTE_R | PTE_W | PTE_SW0);
  EXPECT_TRUE(pte.valid());
  EXPECT_TRUE(pte.leaf());
  EXPECT_EQ(pte.frame(), 17u);
  EXPECT_TRUE(pte.has(PTE_R | PTE_W));
  EXPECT_FALSE(pte.has(PTE_X));
  EXPECT_EQ(describe(pte), "frame 17 [V R W SW0]");
  EXPECT_EQ(describe(Pte::make(5, PTE_V)), "table 5 [V]");
  EXPECT_EQ(describe(Pte{}), "unmapped");
  EXPECT_EQ(describe(Pte::make(0, PTE_SW1)), "invalid [SW1]");
  EXPECT_EQ(Pte::from_raw(pte.raw()), pte);
  EXPECT_EQ(Pte::make(0xffffffffu, PTE_V).frame(), 0xffffffffu);
}

TEST(PagingMachine, WalkFillsTheTlbThenHitsAndSetsAccessedAndDirty) {
  OneSpace s;
  CpuScope cpu(s.m, 0);
  EXPECT_EQ(s.m.current_cpu(), 0);
  s.m.load_root(s.root, kAsid);
  EXPECT_EQ(read(s.m, kVa + 5), 0u);
  EXPECT_EQ(s.m.fills(), 1u);
  EXPECT_TRUE(s.m.tlb_holds(0, kAsid, kVa));
  EXPECT_FALSE(s.m.tlb_holds(0, kAsid + 1, kVa));
  EXPECT_TRUE(leaf(s.m, s.root, kVa).has(PTE_A));
  EXPECT_FALSE(leaf(s.m, s.root, kVa).has(PTE_D)) << "a read fill sets A only";

  write(s.m, kVa + 5, 42);  // the read fill cached a clean entry: the walker must set D first
  EXPECT_EQ(s.m.fills(), 2u);
  EXPECT_TRUE(leaf(s.m, s.root, kVa).has(PTE_A | PTE_D));
  EXPECT_EQ(static_cast<int>(s.m.frame_data(s.frame)[5]), 42);
  EXPECT_EQ(read(s.m, kVa + 5), 42u);
  write(s.m, kVa + 6, 43);
  EXPECT_EQ(s.m.fills(), 2u);
  EXPECT_EQ(s.m.hits(), 2u);
  EXPECT_EQ(s.m.translate(s.root, kVa).frame(), s.frame);
  EXPECT_EQ(s.m.faults(), 0u);
  EXPECT_EQ(s.m.findings(), 0u);
}

TEST(PagingMachine, TlbIsTaggedByAsidAndReplacedFifo) {
  Machine m(Machine::Config{.frames = 32, .cpus = 1, .tlb_entries = 2});
  const pfn_t root = m.alloc_frame();
  const pfn_t frame = m.alloc_frame();
  for (vaddr_t page = 0; page < 3; ++page) map(m, root, kVa + page * kPageSize, frame, kRW);
  CpuScope cpu(m, 0);
  m.load_root(root, kAsid);
  for (vaddr_t page = 0; page < 3; ++page) read(m, kVa + page * kPageSize);
  EXPECT_FALSE(m.tlb_holds(0, kAsid, kVa)) << "the oldest entry goes first";
  EXPECT_TRUE(m.tlb_holds(0, kAsid, kVa + kPageSize));
  EXPECT_TRUE(m.tlb_holds(0, kAsid, kVa + 2 * kPageSize));
  m.load_root(root, kAsid + 1);  // no flush on a switch: entries of other ASIDs stay
  EXPECT_TRUE(m.tlb_holds(0, kAsid, kVa + kPageSize));
  m.flush_tlb_asid(kAsid);
  EXPECT_FALSE(m.tlb_holds(0, kAsid, kVa + kPageSize));
  EXPECT_FALSE(m.tlb_holds(0, kAsid, kVa + 2 * kPageSize));
}

TEST(PagingMachine, PermissionFaultCallsTheHandlerOnTheFaultingCpuAndRetries) {
  OneSpace s;
  map(s.m, s.root, kVa, s.frame, PTE_V | PTE_U | PTE_R);
  int calls = 0, cpu_seen = -1;
  vaddr_t va_seen = 0;
  Access kind_seen = Access::read;
  s.m.set_fault_handler([&](vaddr_t va, Access kind) {
    ++calls;
    va_seen = va;
    kind_seen = kind;
    cpu_seen = s.m.current_cpu();
    if (kind == Access::exec) return false;
    map(s.m, s.root, kVa, s.frame, kRW);  // an upgrade needs no shootdown: a too-weak entry re-walks
    return true;
  });
  CpuScope cpu(s.m, 0);
  s.m.load_root(s.root, kAsid);
  EXPECT_EQ(read(s.m, kVa + 1), 0u);  // caches R only
  write(s.m, kVa + 1, 7);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(va_seen, kVa + 1);
  EXPECT_EQ(kind_seen, Access::write);
  EXPECT_EQ(cpu_seen, 0);
  EXPECT_EQ(s.m.faults(), 1u);
  EXPECT_EQ(static_cast<int>(s.m.frame_data(s.frame)[1]), 7);
  std::uint8_t byte = 0;
  EXPECT_FALSE(s.m.access(kVa, Access::exec, &byte)) << "a page without X is not executable";
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(kind_seen, Access::exec);
}

TEST(PagingMachine, RefusedOrUnfixedFaultsKillTheAccess) {
  OneSpace s;
  int calls = 0;
  bool retry = false;
  s.m.set_fault_handler([&](vaddr_t, Access) {
    ++calls;
    return retry;
  });
  CpuScope cpu(s.m, 0);
  std::uint8_t byte = 1;
  EXPECT_FALSE(s.m.access(kVa, Access::read, &byte)) << "an idle CPU translates nothing";
  EXPECT_EQ(calls, 1);
  s.m.load_root(s.root, kAsid);
  EXPECT_FALSE(s.m.access(kVa + kPageSize, Access::write, &byte));
  EXPECT_EQ(calls, 2);
  retry = true;
  EXPECT_FALSE(s.m.access(kVa + kPageSize, Access::write, &byte));
  EXPECT_EQ(calls, 5) << "at most 3 faults per access";
}

TEST(PagingMachine, MisuseIsAUsageErrorAtTheCallersLine) {
  OneSpace s;
  harness::ExpectUsageErrors expected;
  EXPECT_FALSE(s.m.read_pte(s.root, 512).valid());
  EXPECT_FALSE(s.m.read_pte(kNoFrame, 0).valid());
  s.m.write_pte(s.root, 0, Pte::make(999, kRW));  // beyond physical memory
  s.m.write_pte(200, 0, Pte::make(1, PTE_V));       // a free frame
  EXPECT_NE(s.m.frame_data(kNoFrame), nullptr);
  s.m.free_frame(kNoFrame);
  s.m.flush_tlb_all();  // not a simulated CPU
  s.m.send_ipi(0);
  s.m.load_root(s.root, kAsid);
  EXPECT_EQ(s.m.current_cpu(), -1);
  EXPECT_EQ(expected.count(), 9u);
  CpuScope cpu(s.m, 0);
  s.m.send_ipi(4);
  s.m.load_root(s.root, 0);
  s.m.load_root(s.root, 256);
  s.m.flush_tlb_page(0, kVa);
  s.m.page_in(kAsid, kVa, 200);  // a free frame
  EXPECT_EQ(expected.count(), 14u);
  EXPECT_NE(s.m.read_pte(s.root, 0).frame(), 999u) << "a refused write_pte writes nothing";
  EXPECT_THROW(CpuScope again(s.m, 1), std::logic_error);
}

TEST(PagingMachine, StaleTlbEntryAfterAnUnmapWithoutFlushIsAFinding) {
  OneSpace s;
  CpuScope cpu(s.m, 0);
  s.m.load_root(s.root, kAsid);
  write(s.m, kVa, 1);
  EXPECT_NONFATAL_FAILURE(
      {
        OpScope op(s.m, OpKind::unmap, kAsid, kVa);
        unmap(s.m, s.root, kVa);
      },
      "CPU 0 (running asid 3) still maps 0x7f0000 to frame 1 (R W) in its TLB after unmap(0x7f0000) returned; "
      "the page table says: unmapped. During the operation: IPIs: none; flushes: none; CPU 0 (the operation's own "
      "CPU) did not flush");
  EXPECT_NONFATAL_FAILURE(write(s.m, kVa + 2, 2),
                          "CPU 0 wrote 0x7f0002 (asid 3) through a stale TLB entry (frame 1, R W) after "
                          "unmap(0x7f0000) had returned");
  write(s.m, kVa + 3, 3);  // one finding per stale entry
  EXPECT_EQ(s.m.stale_findings(), 2u);
  EXPECT_EQ(s.m.findings(), 2u);
}

TEST(PagingMachine, StaleEntryWhileTheOperationIsInFlightIsAllowed) {
  OneSpace s;
  CpuScope cpu(s.m, 0);
  s.m.load_root(s.root, kAsid);
  write(s.m, kVa, 1);
  {
    OpScope op(s.m, OpKind::protect, kAsid, kVa);
    map(s.m, s.root, kVa, s.frame, PTE_V | PTE_U | PTE_R);
    write(s.m, kVa, 2);  // the shootdown has not happened yet: real hardware does this too
    s.m.flush_tlb_page(kAsid, kVa);
  }
  std::uint8_t byte = 3;
  EXPECT_FALSE(s.m.access(kVa, Access::write, &byte));
  EXPECT_EQ(s.m.findings(), 0u);
}

TEST(PagingMachine, ProtectDowngradeWithoutShootdownIsAFindingAtClose) {
  OneSpace s;
  CpuScope cpu(s.m, 0);
  s.m.load_root(s.root, kAsid);
  write(s.m, kVa, 1);
  EXPECT_NONFATAL_FAILURE(
      {
        OpScope op(s.m, OpKind::protect, kAsid, kVa);
        map(s.m, s.root, kVa, s.frame, PTE_V | PTE_U | PTE_R | PTE_A | PTE_D);
      },
      "after protect(0x7f0000) returned; the page table says: frame 1 [V R U A D]");
}

TEST(PagingMachine, ClearingDirtyWithoutFlushIsAFindingAtTheNextWrite) {
  OneSpace s;
  CpuScope cpu(s.m, 0);
  s.m.load_root(s.root, kAsid);
  write(s.m, kVa, 1);
  map(s.m, s.root, kVa, s.frame, kRW | PTE_A);  // D cleared, entry kept
  EXPECT_NONFATAL_FAILURE(write(s.m, kVa, 2), "lost its D bit");
}

// One IPI handler for the shootdown tests: flush what the request names, then acknowledge.
struct Shootdown {
  explicit Shootdown(Machine& machine) : m(machine) {
    m.set_ipi_handler([this] {
      const int self = m.current_cpu();
      m.flush_tlb_asid(kAsid);
      acks[self].fetch_add(1, std::memory_order_release);
    });
  }
  // Flushes locally, interrupts `target` and waits (serving IPIs) until it acknowledged.
  void run(int target) {
    m.flush_tlb_asid(kAsid);
    const std::uint64_t before = acks[target].load(std::memory_order_acquire);
    m.send_ipi(target);
    // lab::cpu_relax() serves this CPU's own IPIs meanwhile; a yield now and then keeps a loaded
    // machine (more spinning threads than cores) fast.
    for (int spins = 1; acks[target].load(std::memory_order_acquire) == before; ++spins) {
      if (spins % 64 == 0) {
        lab::yield();
      } else {
        lab::cpu_relax();
      }
    }
  }
  Machine& m;
  std::atomic<std::uint64_t> acks[4] = {};
};

TEST(PagingMachine, CorrectShootdownGivesNoFindingAndFreesTheFrame) {
  OneSpace s;
  Shootdown shootdown(s.m);
  std::atomic<bool> filled{false}, stop{false};
  harness::TestThread other("CPU 1", [&] {
    CpuScope cpu(s.m, 1);
    s.m.load_root(s.root, kAsid);
    write(s.m, kVa + 1, 9);
    filled.store(true);
    std::uint8_t byte = 0;
    while (!stop.load()) {
      (void)s.m.access(kVa + 1, Access::read, &byte);  // faults once unmapped (no handler: killed)
      lab::cpu_relax();
    }
  });
  CpuScope cpu(s.m, 0);
  s.m.load_root(s.root, kAsid);
  while (!filled.load()) lab::cpu_relax();
  EXPECT_EQ(read(s.m, kVa + 1), 9u);
  {
    OpScope op(s.m, OpKind::unmap, kAsid, kVa);
    unmap(s.m, s.root, kVa);
    shootdown.run(1);
  }
  EXPECT_FALSE(s.m.tlb_holds(1, kAsid, kVa));
  const std::size_t in_use = s.m.frames_in_use();
  s.m.free_frame(s.frame);
  EXPECT_EQ(s.m.frames_in_use(), in_use - 1);
  stop.store(true);
  other.join();
  EXPECT_GE(s.m.ipis_delivered(), 1u);
  EXPECT_EQ(s.m.ipis_sent(), 1u);
  EXPECT_EQ(s.m.findings(), 0u);
}

TEST(PagingMachine, CloseCheckNamesTheIpisSentAndTheCpuThatGotNone) {
  Machine m(Machine::Config{.frames = 64, .cpus = 3});
  const pfn_t root = m.alloc_frame();
  const pfn_t frame = m.alloc_frame();
  map(m, root, kVa, frame, kRW);
  Shootdown shootdown(m);
  std::atomic<int> filled{0};
  std::atomic<bool> stop{false};
  auto body = [&](int index) {
    CpuScope cpu(m, index);
    m.load_root(root, kAsid);
    write(m, kVa + static_cast<vaddr_t>(index), 1);  // distinct bytes: no data race between the CPUs
    filled.fetch_add(1);
    while (!stop.load()) {
      if (index == 1) lab::cpu_relax();  // CPU 2 spins without a boundary: it serves no IPI
    }
  };
  harness::TestThread cpu1("CPU 1", [&] { body(1); });
  harness::TestThread cpu2("CPU 2", [&] { body(2); });
  CpuScope cpu(m, 0);
  m.load_root(root, kAsid);
  while (filled.load() < 2) lab::cpu_relax();
  EXPECT_NONFATAL_FAILURE(
      {
        OpScope op(m, OpKind::unmap, kAsid, kVa);
        unmap(m, root, kVa);
        shootdown.run(1);  // forgets CPU 2
      },
      "CPU 2 (running asid 3) still maps 0x7f0000 to frame 1 (R W) in its TLB after unmap(0x7f0000) returned; the "
      "page table says: unmapped. During the operation: IPIs: CPU 0 -> CPU 1 (paging_machine_test.cpp:");
  EXPECT_NONFATAL_FAILURE(
      {
        OpScope op(m, OpKind::unmap, kAsid, kVa);
        m.send_ipi(2);  // and does not wait for it
      },
      "CPU 2 got an IPI but had not served it yet (wait for its acknowledgement)");
  stop.store(true);
}

// Each CPU shoots the other down at the same time, many times: both wait with lab::cpu_relax(), which
// serves the other's IPI, so neither waits forever.
TEST(PagingMachine, CpusShootingEachOtherDownAtOnceDoNotDeadlock) {
  OneSpace s(Machine::Config{.frames = 64, .cpus = 2});
  Shootdown shootdown(s.m);
  constexpr int kRounds = 200;
  std::atomic<int> done{0};
  auto body = [&](int self) {
    CpuScope cpu(s.m, self);
    s.m.load_root(s.root, kAsid);
    for (int round = 0; round < kRounds; ++round) {
      (void)read(s.m, kVa);
      OpScope op(s.m, OpKind::protect, kAsid, kVa);
      shootdown.run(1 - self);
    }
    done.fetch_add(1);
    while (done.load() < 2) lab::cpu_relax();  // the other may still need this CPU's acknowledgement
  };
  {
    harness::TestThread cpu0("CPU 0", [&] { body(0); });
    harness::TestThread cpu1("CPU 1", [&] { body(1); });
  }
  EXPECT_EQ(s.m.ipis_sent(), 2u * kRounds);
  EXPECT_EQ(shootdown.acks[0].load() + shootdown.acks[1].load(), 2u * kRounds);
  EXPECT_EQ(s.m.findings(), 0u);
}

TEST(PagingMachine, IpisAreServedAtBoundariesWithoutNestingAndMerge) {
  Machine m(Machine::Config{.frames = 8, .cpus = 1});
  int runs = 0, depth = 0, max_depth = 0;
  m.set_ipi_handler([&] {
    ++runs;
    max_depth = std::max(max_depth, ++depth);
    if (runs == 1) {
      m.send_ipi(0);
      lab::cpu_relax();  // no nesting: served after this handler returns
    }
    --depth;
  });
  CpuScope cpu(m, 0);
  m.send_ipi(0);
  m.send_ipi(0);
  EXPECT_EQ(runs, 0) << "an IPI waits for the CPU's next boundary";
  lab::yield();
  EXPECT_EQ(runs, 2) << "two pending IPIs merge into one handler run; the one raised inside runs next";
  EXPECT_EQ(max_depth, 1);
  EXPECT_EQ(m.ipis_sent(), 3u);
  EXPECT_EQ(m.ipis_delivered(), 2u);
  m.send_ipi(0);
  lab::cpu_relax();
  EXPECT_EQ(runs, 3);
  m.send_ipi(0);
  std::uint8_t byte = 0;
  EXPECT_FALSE(m.access(0, Access::read, &byte));  // idle, but the access is a boundary
  EXPECT_EQ(runs, 4);
}

TEST(PagingMachine, FreeingAFrameATlbStillMapsIsAFinding) {
  OneSpace s;
  CpuScope cpu(s.m, 0);
  s.m.load_root(s.root, kAsid);
  (void)read(s.m, kVa);
  unmap(s.m, s.root, kVa);
  const std::size_t in_use = s.m.frames_in_use();
  EXPECT_NONFATAL_FAILURE(s.m.free_frame(s.frame),
                          "free_frame(1): CPU 0's TLB still maps 0x7f0000 (asid 3) to frame 1");
  EXPECT_EQ(s.m.frames_in_use(), in_use) << "the frame stays allocated";
  s.m.flush_tlb_page(kAsid, kVa);
  s.m.free_frame(s.frame);
  EXPECT_EQ(s.m.frames_in_use(), in_use - 1);
}

TEST(PagingMachine, DoubleFreeAndFreeOfAPageTableInUseAreFindings) {
  OneSpace s;
  const pfn_t spare = s.m.alloc_frame();
  s.m.free_frame(spare);
  EXPECT_NONFATAL_FAILURE(s.m.free_frame(spare), "free_frame(5): frame 5 is not allocated (freed twice?)");
  EXPECT_NONFATAL_FAILURE(s.m.free_frame(s.root), "free_frame(0): frame 0 is a page table that still has a valid entry");
  EXPECT_EQ(s.m.table_frames(), 4u);
  EXPECT_EQ(s.m.frames_in_use(), 5u);
  EXPECT_TRUE(s.m.check_frames_in_use(5, "setup"));
  EXPECT_NONFATAL_FAILURE(s.m.check_frames_in_use(1, "destroy_space"),
                          "frame leak: 4 frame(s) too many still allocated after destroy_space (5 in use, expected 1): "
                          "0 (page table) 1 2 (page table)");
}

TEST(PagingStore, PageOutThenPageInRoundTripsAndCounts) {
  Machine m(Machine::Config{.frames = 8, .cpus = 1});
  const pfn_t a = m.alloc_frame();
  EXPECT_EQ(m.stored_byte(kAsid, kVa), 0u);
  m.page_in(kAsid, kVa, a);  // never written: zeros
  EXPECT_EQ(m.frame_data(a)[0], std::byte{0});
  for (std::size_t i = 0; i < kPageSize; ++i) m.frame_data(a)[i] = static_cast<std::byte>(i * 7);
  m.page_out(kAsid, kVa, a);
  EXPECT_EQ(m.stored_byte(kAsid, kVa + 10), 70u);
  m.free_frame(a);
  const pfn_t b = m.alloc_frame();
  EXPECT_EQ(b, a);
  EXPECT_EQ(m.frame_data(b)[10], std::byte{0}) << "alloc_frame zero-fills";
  m.page_in(kAsid, kVa, b);
  for (std::size_t i = 0; i < kPageSize; ++i) ASSERT_EQ(m.frame_data(b)[i], static_cast<std::byte>(i * 7)) << i;
  EXPECT_EQ(m.page_ins(kAsid, kVa), 2u);
  EXPECT_EQ(m.page_ins(kAsid + 1, kVa), 0u);
  m.set_stored_byte(kAsid + 1, kVa + 3, 99);
  const pfn_t c = m.alloc_frame();
  m.page_in(kAsid + 1, kVa, c);
  EXPECT_EQ(static_cast<int>(m.frame_data(c)[3]), 99);
  EXPECT_EQ(m.findings(), 0u);
}

TEST(PagingStore, LoadingAPageThatAFrameStillHoldsIsADoubleLoad) {
  Machine m(Machine::Config{.frames = 8, .cpus = 1});
  const pfn_t a = m.alloc_frame();
  const pfn_t b = m.alloc_frame();
  m.page_in(kAsid, kVa, a);
  EXPECT_NONFATAL_FAILURE(m.page_in(kAsid, kVa, b), "page_in(asid 3, 0x7f0000, frame 1): double load: frame 0 already holds this page");
  m.page_out(kAsid, kVa, b);  // evicted: the store is the copy now
  m.free_frame(a);
  m.page_in(kAsid, kVa, b);
  EXPECT_EQ(m.findings(), 1u);
}

TEST(PagingStore, PagingOutAPageAnotherCpuCanStillWriteIsAFinding) {
  OneSpace s;
  CpuScope cpu(s.m, 0);
  s.m.load_root(s.root, kAsid);
  write(s.m, kVa, 5);
  unmap(s.m, s.root, kVa);
  EXPECT_NONFATAL_FAILURE(s.m.page_out(kAsid, kVa, s.frame), "a write after this copy would be lost");
  s.m.flush_tlb_page(kAsid, kVa);
  s.m.page_out(kAsid, kVa, s.frame);
  EXPECT_EQ(s.m.stored_byte(kAsid, kVa), 5u);
}

}  // namespace
