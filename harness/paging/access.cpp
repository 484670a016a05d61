// A simulated CPU's user-mode access: IPIs at the boundary, TLB lookup and fill, faults, the stale-hit check.
#include <optional>
#include <stdexcept>
#include <string>

#include "paging_state.hpp"

namespace lab::paging {
namespace {

// Every access the machine makes is a user-mode one: the page must have U as well.
bool pte_allows(Pte pte, Access kind) {
  switch (kind) {
    case Access::read: return pte.has(PTE_V | PTE_U | PTE_R);
    case Access::write: return pte.has(PTE_V | PTE_U | PTE_W);
    case Access::exec: return pte.has(PTE_V | PTE_U | PTE_X);
  }
  return false;
}

// A TLB entry serves a write only when the fill saw the page dirty (else the walker must set D first).
bool entry_allows(std::uint64_t e, Access kind) {
  const std::uint64_t perms = tlb::perms_of(e);
  switch (kind) {
    case Access::read: return (perms & tlb::kR) != 0;
    case Access::write: return (perms & tlb::kW) != 0 && (perms & tlb::kD) != 0;
    case Access::exec: return (perms & tlb::kX) != 0;
  }
  return false;
}

std::uint64_t entry_perms(Pte pte) {
  return (pte.has(PTE_R) ? tlb::kR : 0) | (pte.has(PTE_W) ? tlb::kW : 0) | (pte.has(PTE_X) ? tlb::kX : 0) |
         (pte.has(PTE_D) ? tlb::kD : 0);
}

const char* verb(Access kind) {
  switch (kind) {
    case Access::read: return "read";
    case Access::write: return "wrote";
    case Access::exec: return "executed";
  }
  return "accessed";
}

// The hardware walk of a miss: the leaf allowing `kind`, with A (and D for a write) set by CAS; an
// invalid entry when there is none. A CAS lost to the kernel or another walker re-walks.
Pte walk_and_mark(Machine::Impl& m, pfn_t root, vaddr_t va, Access kind) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    pfn_t table = kNoFrame;
    std::size_t index = 0;
    const Pte pte = m.walk(root, va, &table, &index);
    if (!pte_allows(pte, kind)) return Pte{};
    std::uint64_t raw = pte.raw();
    const std::uint64_t marked = raw | PTE_A | (kind == Access::write ? PTE_D : 0);
    if (raw == marked) return pte;
    if (m.entry(table, index).compare_exchange_strong(raw, marked, std::memory_order_acq_rel,
                                                      std::memory_order_acquire)) {
      return Pte::from_raw(marked);
    }
  }
  return Pte{};
}

// A hit must agree with the page table unless an operation on that page is in flight: otherwise the
// kernel changed the mapping and returned without shooting this CPU's entry down.
void check_hit(Machine::Impl& m, Cpu& cpu, int index, std::uint64_t e, pfn_t root, vaddr_t va, Access kind) {
  const Pte now = m.walk(root, va);
  const bool same = pte_allows(now, kind) && now.frame() == tlb::frame_of(e);
  const bool dirty_lost = same && kind == Access::write && !now.has(PTE_D);
  if ((same && !dirty_lost) || m.op_covers(tlb::asid_of(e), vpn(va))) return;
  if (cpu.last_stale_reported == e) return;  // one finding per stale entry
  cpu.last_stale_reported = e;
  if (m.stale.fetch_add(1, std::memory_order_relaxed) >= kMaxStaleReports) return;
  std::string message = "CPU " + std::to_string(index) + " " + verb(kind) + " " + hex(va) + " (asid " +
                        std::to_string(tlb::asid_of(e)) + ") through a stale TLB entry (frame " +
                        std::to_string(tlb::frame_of(e)) + ", " + perms_text(tlb::perms_of(e)) + ")";
  message += m.last_op_text(tlb::asid_of(e), vpn(va), index);
  message += dirty_lost ? "; the page table's entry lost its D bit, so this write is invisible to the pager "
                          "(clearing D needs a TLB flush too)"
                        : "; the page table says: " + describe(now);
  m.report(message);
}

// The frame `va` translates to for `kind` on this CPU, filling the TLB on a miss; nullopt = page fault.
std::optional<pfn_t> translate_on(Machine::Impl& m, int index, vaddr_t va, Access kind) {
  Cpu& cpu = *m.cpus[static_cast<std::size_t>(index)];
  const std::uint64_t context = cpu.context.load(std::memory_order_relaxed);
  const asid_t asid = context_asid(context);
  const pfn_t root = context_root(context);
  if (asid == 0 || root == kNoFrame) return std::nullopt;
  const std::uint64_t page = vpn(va) & tlb::kVpnMask;
  for (std::size_t i = 0; i < cpu.tlb_size; ++i) {
    const std::uint64_t e = cpu.tlb[i].load(std::memory_order_relaxed);
    if (e == 0 || tlb::asid_of(e) != asid || tlb::vpn_of(e) != page) continue;
    if (entry_allows(e, kind)) {
      m.hits.fetch_add(1, std::memory_order_relaxed);
      check_hit(m, cpu, index, e, root, va, kind);
      return tlb::frame_of(e);
    }
    cpu.tlb[i].store(0, std::memory_order_relaxed);  // too few rights cached: walk again (x86 does)
    break;
  }
  const Pte pte = walk_and_mark(m, root, va, kind);
  if (!pte.valid()) return std::nullopt;
  cpu.tlb[cpu.next_victim].store(tlb::make(asid, page, pte.frame(), entry_perms(pte)), std::memory_order_relaxed);
  cpu.next_victim = (cpu.next_victim + 1) % cpu.tlb_size;
  m.fills.fetch_add(1, std::memory_order_relaxed);
  return pte.frame();
}

}  // namespace

bool Machine::access(vaddr_t va, Access kind, std::uint8_t* byte_inout) {
  Impl& m = *impl_;
  const int index = m.bound_cpu();
  if (index < 0) throw std::logic_error("Machine::access: the calling thread is not a simulated CPU (CpuScope)");
  if ((va >> kVaBits) != 0) throw std::invalid_argument("Machine::access: " + hex(va) + " is beyond 48 bits");
  m.serve_ipis(index);
  for (int fault = 0;; ++fault) {
    if (const std::optional<pfn_t> frame = translate_on(m, index, va, kind)) {
      // Plain memory: an access unordered with another CPU's is a race ThreadSanitizer sees.
      std::byte* byte = m.frame_bytes(*frame) + (va & (kPageSize - 1));
      if (kind == Access::write) {
        *byte = static_cast<std::byte>(*byte_inout);
      } else {
        *byte_inout = static_cast<std::uint8_t>(*byte);
      }
      return true;
    }
    if (fault == 3) return false;  // the handler said "retry" three times without fixing the mapping
    m.faults.fetch_add(1, std::memory_order_relaxed);
    if (!m.fault_handler || !m.fault_handler(va, kind)) return false;
    m.serve_ipis(index);  // the return from the fault handler is a boundary too
  }
}

}  // namespace lab::paging
