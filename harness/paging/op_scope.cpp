// Kernel operations in flight (OpScope): which stale TLB entries are allowed, the at-close check, the op log.
#include <stdexcept>
#include <string>

#include "paging_state.hpp"

namespace lab::paging {
namespace {

// An in-flight operation in one word: used bit | asid (16 bits) | all-pages bit | vpn (36 bits).
constexpr std::uint64_t kUsedBit = std::uint64_t{1} << 63;
constexpr std::uint64_t kAllBit = std::uint64_t{1} << 39;

constexpr std::uint64_t op_key(asid_t asid, vaddr_t va) {
  return kUsedBit | (std::uint64_t{asid} << 40) | (va == kAllPages ? kAllBit : (vpn(va) & tlb::kVpnMask));
}

std::string op_text(OpKind kind, vaddr_t va) {
  return std::string(op_name(kind)) + "(" + (va == kAllPages ? std::string("every page") : hex(va)) + ")";
}

}  // namespace

const char* op_name(OpKind kind) {
  switch (kind) {
    case OpKind::map: return "map";
    case OpKind::unmap: return "unmap";
    case OpKind::protect: return "protect";
    case OpKind::evict: return "evict";
    case OpKind::destroy: return "destroy";
    case OpKind::other: return "operation";
  }
  return "operation";
}

bool Machine::Impl::op_covers(asid_t asid, std::uint64_t page) const noexcept {
  for (const auto& op : ops) {
    const std::uint64_t key = op.load(std::memory_order_relaxed);
    if (key == 0) continue;
    const auto op_asid = static_cast<asid_t>((key >> 40) & 0xffff);
    if ((op_asid == 0 || op_asid == asid) && ((key & kAllBit) != 0 || (key & tlb::kVpnMask) == (page & tlb::kVpnMask))) {
      return true;
    }
  }
  return false;
}

std::string Machine::Impl::op_log(asid_t asid, std::uint64_t from, std::uint64_t to, int cpu, int opener) const {
  std::string ipis, flushes;
  int ipi_count = 0, flush_count = 0;
  bool cpu_got_ipi = false, cpu_served = false, cpu_flushed = false;
  for (std::size_t c = 0; c < cpus.size(); ++c) {
    for (const Event& event : cpus[c]->events) {
      const std::uint64_t seq = event.seq.load(std::memory_order_relaxed);
      if (seq <= from || seq >= to) continue;
      const EventKind kind = event.kind.load(std::memory_order_relaxed);
      const std::string where = " (" + site(event.file.load(std::memory_order_relaxed), event.line.load(std::memory_order_relaxed)) + ")";
      const asid_t event_asid = event.asid.load(std::memory_order_relaxed);
      if (kind == EventKind::ipi_served) {
        cpu_served |= static_cast<int>(c) == cpu;
      } else if (kind == EventKind::ipi) {
        const int target = event.target.load(std::memory_order_relaxed);
        cpu_got_ipi |= target == cpu;
        if (ipi_count++ < 8) ipis += (ipis.empty() ? "" : ", ") + std::string("CPU ") + std::to_string(c) + " -> CPU " + std::to_string(target) + where;
      } else if (kind == EventKind::flush_all || ((kind == EventKind::flush_page || kind == EventKind::flush_asid) &&
                                                  (asid == 0 || event_asid == asid))) {
        cpu_flushed |= static_cast<int>(c) == cpu;
        std::string call = kind == EventKind::flush_all    ? "flush_tlb_all()"
                           : kind == EventKind::flush_asid ? "flush_tlb_asid(" + std::to_string(event_asid) + ")"
                                                           : "flush_tlb_page(" + std::to_string(event_asid) + ", " +
                                                                 hex(event.va.load(std::memory_order_relaxed)) + ")";
        if (flush_count++ < 8) flushes += (flushes.empty() ? "" : ", ") + std::string("CPU ") + std::to_string(c) + " " + call + where;
      }
    }
  }
  std::string text = "IPIs: " + (ipis.empty() ? std::string("none") : ipis);
  if (ipi_count > 8) text += " and " + std::to_string(ipi_count - 8) + " more";
  text += "; flushes: " + (flushes.empty() ? std::string("none") : flushes);
  if (flush_count > 8) text += " and " + std::to_string(flush_count - 8) + " more";
  if (cpu >= 0) {
    text += "; CPU " + std::to_string(cpu);
    if (cpu == opener) {
      text += cpu_flushed ? " (the operation's own CPU) flushed, yet holds the entry (flushed before the page table changed?)"
                          : " (the operation's own CPU) did not flush";
    } else if (!cpu_got_ipi) {
      text += " got none";
    } else if (!cpu_served) {
      text += " got an IPI but had not served it yet (wait for its acknowledgement)";
    } else {
      text += cpu_flushed ? " got an IPI and flushed, yet holds the entry (flushed before the page table changed?)"
                          : " got an IPI but did not flush";
    }
  }
  return text;
}

// " after unmap(0x7f0000) had returned (IPIs: ...)" for the last completed operation on the ASID.
std::string Machine::Impl::last_op_text(asid_t asid, std::uint64_t, int cpu) const {
  const LastOp* last = &last_op[asid <= kMaxAsid ? asid : 0];
  const LastOp& any = last_op[0];
  if (!last->any.load(std::memory_order_relaxed) ||
      (any.any.load(std::memory_order_relaxed) &&
       any.close_seq.load(std::memory_order_relaxed) > last->close_seq.load(std::memory_order_relaxed))) {
    last = &any;
  }
  if (!last->any.load(std::memory_order_relaxed)) return "";
  return " after " + op_text(last->kind.load(std::memory_order_relaxed), last->va.load(std::memory_order_relaxed)) +
         " had returned (during it: " +
         op_log(asid, last->open_seq.load(std::memory_order_relaxed), last->close_seq.load(std::memory_order_relaxed), cpu,
                last->cpu.load(std::memory_order_relaxed)) +
         ")";
}

OpScope::OpScope(Machine& machine, OpKind kind, asid_t asid, vaddr_t va)
    : impl_(machine.impl_.get()), kind_(kind), asid_(asid), va_(va), slot_(-1), cpu_(impl_->bound_cpu()) {
  const std::uint64_t key = op_key(asid, va);
  for (std::size_t i = 0; i < kMaxOps; ++i) {
    std::uint64_t expected = 0;
    // Relaxed: registering adds no edge between CPUs. The student's PTE change after this (a release)
    // carries it to any walker that sees the change.
    if (impl_->ops[i].compare_exchange_strong(expected, key, std::memory_order_relaxed)) {
      slot_ = static_cast<int>(i);
      break;
    }
  }
  if (slot_ < 0) throw std::logic_error("OpScope: more than 64 operations in flight");
  open_seq_ = impl_->seq.fetch_add(1, std::memory_order_relaxed);
}

// Every CPU running the ASID must now agree with the page table on the covered pages, except where
// another operation still in flight covers the page.
OpScope::~OpScope() {
  Machine::Impl& m = *impl_;
  const std::uint64_t close_seq = m.seq.fetch_add(1, std::memory_order_relaxed);
  m.ops[static_cast<std::size_t>(slot_)].store(0, std::memory_order_relaxed);
  LastOp& last = m.last_op[asid_ <= kMaxAsid ? asid_ : 0];
  last.kind.store(kind_, std::memory_order_relaxed);
  last.va.store(va_, std::memory_order_relaxed);
  last.open_seq.store(open_seq_, std::memory_order_relaxed);
  last.close_seq.store(close_seq, std::memory_order_relaxed);
  last.cpu.store(cpu_, std::memory_order_relaxed);
  last.any.store(true, std::memory_order_relaxed);

  int stale_cpu = -1, stale_count = 0;
  std::uint64_t stale_entry = 0;
  Pte stale_now;
  for (std::size_t c = 0; c < m.cpus.size(); ++c) {
    const Cpu& cpu = *m.cpus[c];
    const std::uint64_t context = cpu.context.load(std::memory_order_relaxed);
    const asid_t loaded = context_asid(context);
    if (loaded == 0 || (asid_ != 0 && loaded != asid_)) continue;
    for (std::size_t i = 0; i < cpu.tlb_size; ++i) {
      const std::uint64_t e = cpu.tlb[i].load(std::memory_order_relaxed);
      if (e == 0 || tlb::asid_of(e) != loaded) continue;
      if (va_ != kAllPages && tlb::vpn_of(e) != (vpn(va_) & tlb::kVpnMask)) continue;
      const Pte now = m.walk(context_root(context), tlb::va_of(e));
      const std::uint64_t allowed = !now.has(PTE_U) ? 0
                                    : (now.has(PTE_R) ? tlb::kR : 0) | (now.has(PTE_W) ? tlb::kW : 0) |
                                          (now.has(PTE_X) ? tlb::kX : 0);
      const std::uint64_t cached = tlb::perms_of(e) & (tlb::kR | tlb::kW | tlb::kX);
      if (now.valid() && now.frame() == tlb::frame_of(e) && (cached & ~allowed) == 0) continue;
      if (m.op_covers(loaded, tlb::vpn_of(e))) continue;
      if (stale_count++ == 0) {
        stale_cpu = static_cast<int>(c);
        stale_entry = e;
        stale_now = now;
      }
    }
  }
  if (stale_count == 0) return;
  m.stale.fetch_add(1, std::memory_order_relaxed);
  std::string message = "CPU " + std::to_string(stale_cpu) + " (running asid " + std::to_string(tlb::asid_of(stale_entry)) +
                        ") still maps " + hex(tlb::va_of(stale_entry)) + " to frame " +
                        std::to_string(tlb::frame_of(stale_entry)) + " (" + perms_text(tlb::perms_of(stale_entry)) +
                        ") in its TLB after " + op_text(kind_, va_) + " returned; the page table says: " +
                        describe(stale_now);
  if (stale_count > 1) message += " (and " + std::to_string(stale_count - 1) + " more stale entries)";
  message += ". During the operation: " + m.op_log(tlb::asid_of(stale_entry), open_seq_, close_seq, stale_cpu, cpu_);
  m.report(message);
}

}  // namespace lab::paging
