// The paging machine's private state: frames, per-CPU TLBs and event logs, operations in flight, swap slots.
//
// No mutex anywhere: every field shared between CPUs is an atomic, mostly relaxed, so that the harness
// adds no happens-before edge between the student's CPUs that the simulated hardware would not have
// (ThreadSanitizer would otherwise miss the student's races). The edges it does add are the hardware's:
// write_pte (release) -> walk (acquire), send_ipi (release) -> handler (acquire), free -> alloc.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lab/paging.hpp"

namespace lab::paging {

// A TLB entry in one 64-bit word: asid (8 bits) | vpn (36) | frame (16) | perms (4). 0 = empty (asid 0
// is never cached).
namespace tlb {
inline constexpr std::uint64_t kR = 1, kW = 2, kX = 4, kD = 8;  // kD: the PTE was dirty at the fill
inline constexpr std::uint64_t kVpnMask = (std::uint64_t{1} << 36) - 1;
constexpr std::uint64_t make(asid_t asid, std::uint64_t page, pfn_t frame, std::uint64_t perms) {
  return (std::uint64_t{asid} << 56) | ((page & kVpnMask) << 20) | (std::uint64_t{frame & 0xffff} << 4) |
         (perms & 15);
}
constexpr asid_t asid_of(std::uint64_t e) { return static_cast<asid_t>(e >> 56); }
constexpr std::uint64_t vpn_of(std::uint64_t e) { return (e >> 20) & kVpnMask; }
constexpr pfn_t frame_of(std::uint64_t e) { return static_cast<pfn_t>((e >> 4) & 0xffff); }
constexpr std::uint64_t perms_of(std::uint64_t e) { return e & 15; }
constexpr vaddr_t va_of(std::uint64_t e) { return vpn_of(e) << 12; }
}  // namespace tlb

// A CPU's loaded context in one word, so that another CPU reads root and asid as a consistent pair.
constexpr std::uint64_t pack_context(pfn_t root, asid_t asid) { return std::uint64_t{root} | (std::uint64_t{asid} << 32); }
constexpr pfn_t context_root(std::uint64_t c) { return static_cast<pfn_t>(c); }
constexpr asid_t context_asid(std::uint64_t c) { return static_cast<asid_t>(c >> 32); }

// What a CPU's event log records: the student's IPIs and flushes (for the findings' "who did what").
enum class EventKind : std::uint8_t { none, ipi, flush_page, flush_asid, flush_all, ipi_served };

// One log record. Written by its CPU's thread only; read by whoever explains a finding. Relaxed atomics:
// a record overwritten while being read only blurs one line of a message.
struct Event {
  std::atomic<std::uint64_t> seq{0};  // 0 = never written
  std::atomic<EventKind> kind{EventKind::none};
  std::atomic<int> target{-1};  // ipi: the target CPU
  std::atomic<asid_t> asid{0};
  std::atomic<vaddr_t> va{0};
  std::atomic<const char*> file{nullptr};
  std::atomic<std::uint32_t> line{0};
};
inline constexpr std::size_t kEventLog = 64;

// One simulated CPU. The TLB and next_victim change only on the CPU's own thread; others read entries.
struct Cpu {
  explicit Cpu(std::size_t tlb_entries)
      : tlb(new std::atomic<std::uint64_t>[tlb_entries]), tlb_size(tlb_entries) {
    for (std::size_t i = 0; i < tlb_size; ++i) tlb[i].store(0, std::memory_order_relaxed);
  }
  std::unique_ptr<std::atomic<std::uint64_t>[]> tlb;
  const std::size_t tlb_size;
  std::size_t next_victim = 0;  // owner only: FIFO replacement
  std::atomic<std::uint64_t> context{pack_context(kNoFrame, 0)};
  std::atomic<std::uint32_t> pending_ipis{0};
  std::atomic<bool> bound{false};
  bool in_handler = false;               // owner only: no nesting of the IPI handler
  std::uint64_t last_stale_reported = 0;  // owner only: one finding per stale entry
  std::array<Event, kEventLog> events;
  std::atomic<std::uint64_t> event_head{0};
};

// A backing-store slot for one (asid, page). `key` is claimed once by CAS and never released.
struct Slot {
  std::atomic<std::uint64_t> key{0};
  std::atomic<std::byte*> data{nullptr};  // kPageSize bytes once paged out (or set by the harness)
  std::atomic<std::uint64_t> page_ins{0};
  std::atomic<pfn_t> live_frame{kNoFrame};  // the frame its last page_in filled, until paged out or freed
  std::atomic<int> in_cpu{-1};
  std::atomic<const char*> in_file{nullptr};
  std::atomic<std::uint32_t> in_line{0};
};

// The last completed OpScope on an ASID (index 0: operations on every ASID), for the stale-hit message.
struct LastOp {
  std::atomic<bool> any{false};
  std::atomic<OpKind> kind{OpKind::other};
  std::atomic<vaddr_t> va{0};
  std::atomic<std::uint64_t> open_seq{0};
  std::atomic<std::uint64_t> close_seq{0};
  std::atomic<int> cpu{-1};  // the CPU that ran it, -1 = not a simulated CPU
};

enum FrameState : std::uint8_t { kFree = 0, kUsed = 1, kTable = 2 };
inline constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};
inline constexpr std::size_t kMaxOps = 64;     // OpScopes open at once
inline constexpr std::uint64_t kMaxStaleReports = 20;

struct Machine::Impl {
  explicit Impl(const Config& config);
  ~Impl();

  const std::size_t frames;
  std::byte* memory = nullptr;  // frames * kPageSize, page-aligned
  std::array<std::byte, kPageSize> scratch{};
  std::unique_ptr<std::atomic<std::uint8_t>[]> frame_state;
  std::unique_ptr<std::atomic<std::uint32_t>[]> frame_slot;  // the slot whose page the frame holds
  std::vector<std::unique_ptr<Cpu>> cpus;
  const std::size_t slot_count;
  std::unique_ptr<Slot[]> slots;
  std::array<std::atomic<std::uint64_t>, kMaxOps> ops{};  // in-flight operations (op_key), 0 = free
  std::array<LastOp, kMaxAsid + 1> last_op;
  std::function<void()> ipi_handler;
  std::function<bool(vaddr_t, Access)> fault_handler;

  std::atomic<std::uint64_t> seq{1};  // orders events and operations (relaxed: no edges)
  std::atomic<std::size_t> in_use{0};
  std::atomic<std::uint64_t> fills{0}, hits{0}, faults{0}, ipis_sent{0}, ipis_delivered{0}, stale{0},
      findings{0};

  // ---- frames and entries (machine.cpp) ----
  bool frame_number_ok(pfn_t frame) const noexcept { return frame < frames; }
  std::byte* frame_bytes(pfn_t frame) const noexcept { return memory + std::size_t{frame} * kPageSize; }
  std::atomic_ref<std::uint64_t> entry(pfn_t table, std::size_t index) const noexcept {
    return std::atomic_ref<std::uint64_t>(reinterpret_cast<std::uint64_t*>(frame_bytes(table))[index]);
  }
  void mark_table(pfn_t frame) noexcept;
  // The walker's view of `va` from `root` (no A/D update): the leaf, or an invalid entry. When `table`
  // is given it receives the leaf table and `index` the leaf's index.
  Pte walk(pfn_t root, vaddr_t va, pfn_t* table = nullptr, std::size_t* index = nullptr) const noexcept;
  // A finding of this machine: counted, and reported at `where` when given.
  void report(const std::string& message, const lab::source_location* where = nullptr);
  // Some CPU whose loaded ASID is the entry's holds a TLB entry for which `match` is true: its CPU,
  // else -1. `entry_out` receives the entry.
  template <class Match>
  int find_live_entry(Match match, std::uint64_t* entry_out) const noexcept {
    for (std::size_t c = 0; c < cpus.size(); ++c) {
      const asid_t loaded = context_asid(cpus[c]->context.load(std::memory_order_relaxed));
      if (loaded == 0) continue;
      for (std::size_t i = 0; i < cpus[c]->tlb_size; ++i) {
        const std::uint64_t e = cpus[c]->tlb[i].load(std::memory_order_relaxed);
        if (e != 0 && tlb::asid_of(e) == loaded && match(e)) {
          *entry_out = e;
          return static_cast<int>(c);
        }
      }
    }
    return -1;
  }

  // ---- CPUs and IPIs (cpu.cpp) ----
  int bound_cpu() const noexcept;  // the calling thread's CPU of this machine, or -1
  // The calling thread's CPU; a usage error naming `what` when it is not a CPU of this machine.
  Cpu* require_cpu(const char* what, const lab::source_location& where, int* index = nullptr) noexcept;
  void record(Cpu& cpu, EventKind kind, int target, asid_t asid, vaddr_t va, const lab::source_location* where) noexcept;
  void serve_ipis(int cpu) noexcept;

  // ---- operations in flight (op_scope.cpp) ----
  bool op_covers(asid_t asid, std::uint64_t page) const noexcept;
  // The IPIs and flushes (for `asid`) logged between seq numbers `from` and `to`, and whether `cpu`
  // got an IPI / flushed then ("IPIs: CPU 0 -> CPU 1 (paging.cpp:88); flushes: ...; CPU 2 got none");
  // `opener` is the CPU that ran the operation (it needs a local flush, not an IPI).
  std::string op_log(asid_t asid, std::uint64_t from, std::uint64_t to, int cpu, int opener) const;
  std::string last_op_text(asid_t asid, std::uint64_t page, int cpu) const;

  // ---- backing store (backing_store.cpp) ----
  std::uint32_t slot_index(asid_t asid, vaddr_t va, bool create) noexcept;
  std::uint32_t slot_index(asid_t asid, vaddr_t va) const noexcept;
  void forget_copy(pfn_t frame) noexcept;  // the frame no longer holds its slot's page
};

// Message helpers.
std::string hex(std::uint64_t value);
std::string site(const char* file, std::uint32_t line);  // "paging.cpp:88"
std::string perms_text(std::uint64_t tlb_perms);         // "R W"
const char* op_name(OpKind kind);

}  // namespace lab::paging
