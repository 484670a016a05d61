// The paging lab's simulated hardware: physical frames, 4-level page tables, per-CPU TLBs, IPIs, a swap area.
//
// Students write the kernel's virtual-memory code (page tables, TLB shootdown, demand paging) on top of
// this. The machine has `cpus` simulated CPUs; each is a real thread of the test, bound with CpuScope.
// Concurrency model, as on real hardware:
//   - Page-table entries live inside table frames and are 64-bit atomics: every CPU's hardware walker
//     reads them while the kernel on other CPUs changes them. read_pte is an acquire, write_pte a
//     release, cas_pte both; the walker reads with acquire and sets A/D with a CAS.
//   - Each CPU's TLB is private to it: only that CPU fills it or flushes it. Another CPU's stale entry
//     goes away only when that CPU runs a flush, typically in its IPI handler (a TLB shootdown).
//   - Data pages are plain bytes: two CPUs touching one page unordered is a data race ThreadSanitizer
//     reports, and a write through a stale TLB entry lands in whatever the old frame holds now.
//   - An IPI runs the IPI handler on the target CPU at its next boundary: the start of each simulated
//     access of that CPU, and every lab::cpu_relax() / lab::yield() on its thread. So a CPU spinning for
//     acknowledgements with lab::cpu_relax() still serves the others' shootdowns. The handler never
//     nests; IPIs raised while one is pending merge (one pending flag per CPU, like an APIC vector), so
//     the handler must serve every request queued for its CPU. send_ipi is a release and the handler's
//     start an acquire: what the sender wrote before send_ipi is visible to the handler.
//     A CPU that waits in lab::futex_wait serves no IPIs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "lab/source_location.hpp"

namespace lab::paging {

using pfn_t = std::uint32_t;    // physical frame number, 0 .. Machine::frame_count()-1
using vaddr_t = std::uint64_t;  // a 48-bit virtual address
using asid_t = std::uint16_t;   // address-space id: 1..255 usable, 0 = none

inline constexpr pfn_t kNoFrame = ~pfn_t{0};  // what alloc_frame returns when no frame is free
inline constexpr std::size_t kPageSize = 4096;
inline constexpr std::size_t kEntries = 512;  // entries per page table (one frame of 64-bit entries)
inline constexpr int kLevels = 4;             // level 3 = root ... level 0 = leaf table
inline constexpr unsigned kVaBits = 48;
inline constexpr asid_t kMaxAsid = 255;

// The index into the level-`level` table that translates `va` (level 3 = root, 0 = leaf table).
constexpr std::size_t pt_index(vaddr_t va, int level) { return (va >> (12 + 9 * level)) & 511; }
// The virtual page number of `va`.
constexpr std::uint64_t vpn(vaddr_t va) { return va >> 12; }

// PTE bits (x86-ish). The frame number is in bits 12..43.
inline constexpr std::uint32_t PTE_V = 1u << 0;    // valid
inline constexpr std::uint32_t PTE_R = 1u << 1;    // readable
inline constexpr std::uint32_t PTE_W = 1u << 2;    // writable
inline constexpr std::uint32_t PTE_X = 1u << 3;    // executable
inline constexpr std::uint32_t PTE_U = 1u << 4;    // user page: every access of the machine needs it
inline constexpr std::uint32_t PTE_A = 1u << 5;    // accessed: set by the walker on every fill
inline constexpr std::uint32_t PTE_D = 1u << 6;    // dirty: set by the walker on a fill for a write
inline constexpr std::uint32_t PTE_SW0 = 1u << 9;  // software bits: the hardware ignores them
inline constexpr std::uint32_t PTE_SW1 = 1u << 10;
inline constexpr std::uint32_t kPteFlagMask = 0xfff;

// One page-table entry, a plain value (the table holds the atomic word). An intermediate entry: V set,
// R/W/X clear, frame = the next-level table. A leaf (only in level-0 tables): V and at least R.
class Pte {
 public:
  constexpr Pte() noexcept = default;
  // `flags` as given (PTE_V is not added: an invalid entry may keep software bits).
  static constexpr Pte make(pfn_t frame, std::uint32_t flags) noexcept {
    return Pte((static_cast<std::uint64_t>(frame) << 12) | (flags & kPteFlagMask));
  }
  static constexpr Pte from_raw(std::uint64_t bits) noexcept { return Pte(bits); }
  constexpr bool valid() const noexcept { return (bits_ & PTE_V) != 0; }
  // The frame; meaningful only when valid() (or when you stored one yourself).
  constexpr pfn_t frame() const noexcept { return static_cast<pfn_t>(bits_ >> 12); }
  constexpr std::uint32_t flags() const noexcept { return static_cast<std::uint32_t>(bits_ & kPteFlagMask); }
  // True iff every bit of `bits` is set.
  constexpr bool has(std::uint32_t bits) const noexcept { return (flags() & bits) == bits; }
  // True for a valid entry that maps a page (R, W or X set) rather than a next-level table.
  constexpr bool leaf() const noexcept { return valid() && (flags() & (PTE_R | PTE_W | PTE_X)) != 0; }
  constexpr std::uint64_t raw() const noexcept { return bits_; }
  friend constexpr bool operator==(Pte, Pte) noexcept = default;

 private:
  explicit constexpr Pte(std::uint64_t bits) noexcept : bits_(bits) {}
  std::uint64_t bits_ = 0;
};

// "frame 17 [V R W A D]", "table 5 [V]", "unmapped", "invalid [SW0]": for messages.
std::string describe(Pte pte);

enum class Access { read, write, exec };

// The machine: frames, page-table entries, per-CPU TLBs and IPIs, a backing store. Student-facing
// calls take the caller's source location last; misuse (a bad frame, an index >= 512, a CPU-local call
// from a thread that is not a simulated CPU) is a lab::usage_error at your line and the call does
// nothing (reads return an invalid entry). Thread-safe: any CPU may call anything at any time.
class Machine {
 public:
  struct Config {
    std::size_t frames = 256;       // at most 65535
    std::size_t cpus = 4;           // at most 64
    std::size_t tlb_entries = 16;   // per CPU: fully associative, FIFO replacement
    std::size_t store_pages = 4096;  // backing-store slots (distinct (asid, page) pairs ever paged)
  };
  explicit Machine(Config config);
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // ---- frames (page tables and data pages come from the same pool) ----

  // A zero-filled frame; kNoFrame when none is free.
  [[nodiscard]] pfn_t alloc_frame(lab::source_location where = lab::source_location::current());
  // Returns `frame` to the pool. A double free, a free of a frame that the TLB of a CPU running that
  // address space still maps, or of a page table with valid entries is a finding (the frame is then
  // kept allocated).
  void free_frame(pfn_t frame, lab::source_location where = lab::source_location::current());
  std::size_t frame_count() const noexcept;

  // ---- page-table entries: atomic, because every CPU's walker reads them concurrently ----

  Pte read_pte(pfn_t table, std::size_t index, lab::source_location where = lab::source_location::current()) const;
  void write_pte(pfn_t table, std::size_t index, Pte value,
                 lab::source_location where = lab::source_location::current());
  // Like compare_exchange_strong: on failure `expected` receives the current entry. For the races with
  // the walkers' A/D updates.
  bool cas_pte(pfn_t table, std::size_t index, Pte& expected, Pte desired,
               lab::source_location where = lab::source_location::current());

  // ---- data pages (kernel access, no translation) ----

  // The kPageSize bytes of `frame`. An invalid frame is a usage error and returns a scratch page.
  std::byte* frame_data(pfn_t frame, lab::source_location where = lab::source_location::current());

  // ---- the calling CPU (every call below acts on the CPU of the calling thread) ----

  std::size_t cpu_count() const noexcept;
  // 0..cpus-1 on a simulated CPU's thread, else -1.
  int current_cpu() const noexcept;
  // Makes `root` the page table of this CPU and `asid` its address space (satp/CR3 with PCID): no
  // flush; the TLB keeps entries of other ASIDs. load_root(kNoFrame, 0) makes the CPU idle.
  void load_root(pfn_t root, asid_t asid, lab::source_location where = lab::source_location::current());
  void flush_tlb_page(asid_t asid, vaddr_t va, lab::source_location where = lab::source_location::current());
  void flush_tlb_asid(asid_t asid, lab::source_location where = lab::source_location::current());
  void flush_tlb_all(lab::source_location where = lab::source_location::current());
  // Raises an IPI on `cpu` (the caller's own too: its handler runs at the caller's next boundary).
  void send_ipi(int cpu, lab::source_location where = lab::source_location::current());

  // ---- backing store for demand paging: one 4 KiB slot per (asid, page); never written = zeros ----

  void page_in(asid_t asid, vaddr_t page_va, pfn_t frame,
               lab::source_location where = lab::source_location::current());  // slot -> frame
  void page_out(asid_t asid, vaddr_t page_va, pfn_t frame,
                lab::source_location where = lab::source_location::current());  // frame -> slot

  // ======== for the harness (the lab's tests and adapter), not for student code ========

  // Set before any CPU runs. The IPI handler runs on the interrupted CPU's thread; the fault handler on
  // the faulting CPU's, and returns true when the access may be retried.
  void set_ipi_handler(std::function<void()> handler);
  void set_fault_handler(std::function<bool(vaddr_t, Access)> handler);

  // One user-mode access of one byte on the calling CPU (which must be bound with CpuScope): serves
  // pending IPIs, translates through the TLB or a walk from the loaded root (a hit is checked against
  // the current page table: see OpScope), raises page faults (at most 3, then the access is killed),
  // then reads the byte into *byte_inout (read, exec) or writes *byte_inout (write). False when the
  // access was killed (nothing accessed). `va` beyond 48 bits throws std::invalid_argument.
  [[nodiscard]] bool access(vaddr_t va, Access kind, std::uint8_t* byte_inout);

  // What the walker would find for `va` from `root` now (no A/D update): the leaf, or an invalid entry.
  Pte translate(pfn_t root, vaddr_t va) const;

  // Counters (monotonic snapshots while CPUs run, exact once they have stopped).
  std::size_t frames_in_use() const noexcept;
  std::size_t table_frames() const noexcept;  // allocated frames used as page tables
  std::uint64_t page_ins(asid_t asid, vaddr_t va) const noexcept;
  bool tlb_holds(int cpu, asid_t asid, vaddr_t va) const noexcept;
  std::uint64_t fills() const noexcept;
  std::uint64_t hits() const noexcept;
  std::uint64_t faults() const noexcept;
  std::uint64_t ipis_sent() const noexcept;
  std::uint64_t ipis_delivered() const noexcept;  // handler runs
  std::uint64_t stale_findings() const noexcept;  // stale-TLB findings (hit and close checks)
  std::uint64_t findings() const noexcept;        // every finding this machine reported

  // The backing store's byte at `va` of `asid` (0 when never paged out); set one (e.g. a file's
  // contents before the test). Not while a CPU pages that page.
  std::uint8_t stored_byte(asid_t asid, vaddr_t va) const;
  void set_stored_byte(asid_t asid, vaddr_t va, std::uint8_t value);

  // Reports a frame-leak finding ("... after <after>") unless exactly `expected` frames are allocated.
  bool check_frames_in_use(std::size_t expected, const std::string& after);

  struct Impl;  // private state (harness/paging)

 private:
  std::unique_ptr<Impl> impl_;
  friend class CpuScope;
  friend class OpScope;
};

// Binds the calling thread to CPU `index` of `machine` until the scope ends (one thread per CPU, one
// CPU per thread): current_cpu() returns it, and lab::cpu_relax()/lab::yield() on this thread deliver
// its IPIs. Misuse (index out of range, CPU already bound, thread already a CPU) throws std::logic_error.
class CpuScope {
 public:
  CpuScope(Machine& machine, int index);
  ~CpuScope();
  CpuScope(const CpuScope&) = delete;
  CpuScope& operator=(const CpuScope&) = delete;

 private:
  Machine::Impl* impl_;
  int index_;
  void* previous_context_;
  void (*previous_hook_)(void*) noexcept;
};

enum class OpKind { map, unmap, protect, evict, destroy, other };
inline constexpr vaddr_t kAllPages = ~vaddr_t{0};  // an OpScope over every page of the ASID

// A kernel operation in flight on (asid, va) — va = kAllPages for all pages of the ASID, asid 0 for every
// ASID (e.g. around a page fault whose eviction victim the adapter cannot know) — opened by the adapter
// around each student map/unmap/protect/evict/destroy, on any thread. While any op covering a page is open,
// a TLB hit that disagrees with the page table is allowed (the shootdown is in progress); once none is,
// such a hit is a finding naming the last completed operation and its IPIs and flushes. At close, every
// CPU whose loaded ASID is `asid` must hold no TLB entry for the covered pages that the page table now
// forbids or maps elsewhere, or it is a finding listing the IPIs sent and flushes done during the op.
class OpScope {
 public:
  OpScope(Machine& machine, OpKind kind, asid_t asid, vaddr_t va);
  ~OpScope();
  OpScope(const OpScope&) = delete;
  OpScope& operator=(const OpScope&) = delete;

 private:
  Machine::Impl* impl_;
  OpKind kind_;
  asid_t asid_;
  vaddr_t va_;
  int slot_;
  int cpu_;  // the opening thread's CPU, or -1
  std::uint64_t open_seq_;
};

}  // namespace lab::paging
