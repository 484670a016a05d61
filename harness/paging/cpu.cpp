// The simulated CPUs: binding threads to CPUs, loading roots, TLB flushes, IPIs and their delivery.
#include <sched.h>
#include <stdexcept>
#include <string>

#include "lab/usage.hpp"
#include "paging_state.hpp"
#include "wait_hook.hpp"

namespace lab::paging {
namespace {

// The calling thread's CPU: which machine, which index. Set by CpuScope only.
thread_local Machine::Impl* t_machine = nullptr;
thread_local int t_cpu = -1;

// The wait hook CpuScope installs: lab::cpu_relax()/lab::yield() on a CPU's thread serve its IPIs.
// Runs in every lab::cpu_relax()/lab::yield() of a bound CPU: serves its IPIs, and every 16th spin gives
// the real CPU away, as a hypervisor's pause-loop exiting does. The test runs more simulated CPUs than the
// machine has cores (4 on 2, or on half a core under a grader): a CPU spinning for an acknowledgement
// would otherwise burn whole time slices while the CPU that must answer waits to be scheduled.
void serve_hook(void* context) noexcept {
  if (t_cpu < 0) return;
  static_cast<Machine::Impl*>(context)->serve_ipis(t_cpu);
  thread_local unsigned spins = 0;
  if (++spins % 16 == 0) ::sched_yield();
}

bool asid_ok(asid_t asid, const char* call, const lab::source_location& where) {
  if (asid >= 1 && asid <= kMaxAsid) return true;
  const std::string what = std::string(call) + ": asid " + std::to_string(asid) + " is not 1..255";
  usage_error(what.c_str(), where);
  return false;
}

}  // namespace

int Machine::Impl::bound_cpu() const noexcept { return t_machine == this ? t_cpu : -1; }

Cpu* Machine::Impl::require_cpu(const char* what, const lab::source_location& where, int* index) noexcept {
  const int cpu = bound_cpu();
  if (cpu < 0) {
    const std::string text = std::string(what) + " acts on the calling CPU, but this thread is not a simulated CPU";
    usage_error(text.c_str(), where);
    return nullptr;
  }
  if (index != nullptr) *index = cpu;
  return cpus[static_cast<std::size_t>(cpu)].get();
}

void Machine::Impl::record(Cpu& cpu, EventKind kind, int target, asid_t asid, vaddr_t va,
                           const lab::source_location* where) noexcept {
  const std::uint64_t head = cpu.event_head.load(std::memory_order_relaxed);
  cpu.event_head.store(head + 1, std::memory_order_relaxed);
  Event& event = cpu.events[head % kEventLog];
  event.seq.store(0, std::memory_order_relaxed);
  event.kind.store(kind, std::memory_order_relaxed);
  event.target.store(target, std::memory_order_relaxed);
  event.asid.store(asid, std::memory_order_relaxed);
  event.va.store(va, std::memory_order_relaxed);
  event.file.store(where != nullptr ? where->file_name() : nullptr, std::memory_order_relaxed);
  event.line.store(where != nullptr ? where->line() : 0, std::memory_order_relaxed);
  event.seq.store(seq.fetch_add(1, std::memory_order_relaxed), std::memory_order_relaxed);
}

// Runs the handler once per merged batch of IPIs, until none is pending; never inside itself.
void Machine::Impl::serve_ipis(int index) noexcept {
  Cpu& cpu = *cpus[static_cast<std::size_t>(index)];
  if (cpu.in_handler) return;
  while (cpu.pending_ipis.load(std::memory_order_relaxed) != 0) {
    cpu.pending_ipis.exchange(0, std::memory_order_acquire);  // pairs with send_ipi's release
    ipis_delivered.fetch_add(1, std::memory_order_relaxed);
    record(cpu, EventKind::ipi_served, index, 0, 0, nullptr);
    if (!ipi_handler) continue;
    cpu.in_handler = true;
    ipi_handler();
    cpu.in_handler = false;
  }
}

int Machine::current_cpu() const noexcept { return impl_->bound_cpu(); }

void Machine::load_root(pfn_t root, asid_t asid, lab::source_location where) {
  Impl& m = *impl_;
  Cpu* cpu = m.require_cpu("load_root", where);
  if (cpu == nullptr) return;
  if (root == kNoFrame && asid == 0) {
    cpu->context.store(pack_context(kNoFrame, 0), std::memory_order_relaxed);
    return;
  }
  if (!asid_ok(asid, "load_root", where)) return;
  if (!m.frame_number_ok(root) || m.frame_state[root].load(std::memory_order_relaxed) == kFree) {
    usage_error(root == kNoFrame ? "load_root: root is kNoFrame (idle is load_root(kNoFrame, 0))"
                                 : "load_root: the root is not an allocated frame",
                where);
    return;
  }
  m.mark_table(root);
  cpu->context.store(pack_context(root, asid), std::memory_order_relaxed);
}

namespace {

// Empties every entry of `cpu`'s TLB for which `match` is true. Only the CPU's own thread calls this.
template <class Match>
void flush(Cpu& cpu, Match match) {
  for (std::size_t i = 0; i < cpu.tlb_size; ++i) {
    const std::uint64_t e = cpu.tlb[i].load(std::memory_order_relaxed);
    if (e != 0 && match(e)) cpu.tlb[i].store(0, std::memory_order_relaxed);
  }
}

}  // namespace

void Machine::flush_tlb_page(asid_t asid, vaddr_t va, lab::source_location where) {
  Cpu* cpu = impl_->require_cpu("flush_tlb_page", where);
  if (cpu == nullptr || !asid_ok(asid, "flush_tlb_page", where)) return;
  impl_->record(*cpu, EventKind::flush_page, -1, asid, va, &where);
  flush(*cpu, [&](std::uint64_t e) { return tlb::asid_of(e) == asid && tlb::vpn_of(e) == (vpn(va) & tlb::kVpnMask); });
}

void Machine::flush_tlb_asid(asid_t asid, lab::source_location where) {
  Cpu* cpu = impl_->require_cpu("flush_tlb_asid", where);
  if (cpu == nullptr || !asid_ok(asid, "flush_tlb_asid", where)) return;
  impl_->record(*cpu, EventKind::flush_asid, -1, asid, 0, &where);
  flush(*cpu, [&](std::uint64_t e) { return tlb::asid_of(e) == asid; });
}

void Machine::flush_tlb_all(lab::source_location where) {
  Cpu* cpu = impl_->require_cpu("flush_tlb_all", where);
  if (cpu == nullptr) return;
  impl_->record(*cpu, EventKind::flush_all, -1, 0, 0, &where);
  flush(*cpu, [](std::uint64_t) { return true; });
}

void Machine::send_ipi(int target, lab::source_location where) {
  Impl& m = *impl_;
  Cpu* cpu = m.require_cpu("send_ipi", where);
  if (cpu == nullptr) return;
  if (target < 0 || static_cast<std::size_t>(target) >= m.cpus.size()) {
    const std::string what = "send_ipi(" + std::to_string(target) + "): no such CPU (0.." +
                             std::to_string(m.cpus.size() - 1) + ")";
    usage_error(what.c_str(), where);
    return;
  }
  m.record(*cpu, EventKind::ipi, target, 0, 0, &where);
  m.ipis_sent.fetch_add(1, std::memory_order_relaxed);
  m.cpus[static_cast<std::size_t>(target)]->pending_ipis.fetch_add(1, std::memory_order_release);
}

void Machine::set_ipi_handler(std::function<void()> handler) { impl_->ipi_handler = std::move(handler); }

void Machine::set_fault_handler(std::function<bool(vaddr_t, Access)> handler) {
  impl_->fault_handler = std::move(handler);
}

bool Machine::tlb_holds(int cpu, asid_t asid, vaddr_t va) const noexcept {
  if (cpu < 0 || static_cast<std::size_t>(cpu) >= impl_->cpus.size()) return false;
  const Cpu& c = *impl_->cpus[static_cast<std::size_t>(cpu)];
  for (std::size_t i = 0; i < c.tlb_size; ++i) {
    const std::uint64_t e = c.tlb[i].load(std::memory_order_relaxed);
    if (e != 0 && tlb::asid_of(e) == asid && tlb::vpn_of(e) == (vpn(va) & tlb::kVpnMask)) return true;
  }
  return false;
}

CpuScope::CpuScope(Machine& machine, int index) : impl_(machine.impl_.get()), index_(index) {
  if (index < 0 || static_cast<std::size_t>(index) >= impl_->cpus.size()) {
    throw std::logic_error("CpuScope: no CPU " + std::to_string(index));
  }
  if (t_machine != nullptr) throw std::logic_error("CpuScope: this thread already is a simulated CPU");
  bool expected = false;
  if (!impl_->cpus[static_cast<std::size_t>(index)]->bound.compare_exchange_strong(expected, true)) {
    throw std::logic_error("CpuScope: CPU " + std::to_string(index) + " already runs on another thread");
  }
  t_machine = impl_;
  t_cpu = index;
  previous_context_ = harness::wait_hook_context();
  previous_hook_ = harness::set_wait_hook(serve_hook, impl_);
}

CpuScope::~CpuScope() {
  harness::set_wait_hook(previous_hook_, previous_context_);
  t_machine = nullptr;
  t_cpu = -1;
  impl_->cpus[static_cast<std::size_t>(index_)]->bound.store(false);
}

}  // namespace lab::paging
