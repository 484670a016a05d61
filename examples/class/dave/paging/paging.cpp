// My paging lab: page tables under a per-space lock, ticketed TLB shootdowns with lazy
// flushes for CPUs not running the space, and a pager that loads each page once under one lock.
#include "paging.hpp"

#include <bit>

namespace lab {

using namespace paging;

namespace {

constexpr std::uint32_t kPermBits = PTE_R | PTE_W | PTE_X | PTE_U;
constexpr std::size_t kAsidWords = 4;  // 256 ASIDs, one bit each

// A demand-paged page that is not in memory: not valid, the software bit set, its permissions kept.
Pte lazy_entry(std::uint32_t perms) { return Pte::from_raw(PTE_SW0 | (perms & kPermBits)); }
bool is_lazy(Pte pte) { return pte.has(PTE_SW0); }
bool in_use(Pte pte) { return pte.valid() || is_lazy(pte); }

bool allows(std::uint32_t perms, Access access) {
  switch (access) {
    case Access::read: return (perms & PTE_R) != 0;
    case Access::write: return (perms & PTE_W) != 0;
    case Access::exec: return (perms & PTE_X) != 0;
  }
  return false;
}

}  // namespace

void SpinLock::lock() noexcept {
  while (held_.exchange(true, std::memory_order_acquire)) {
    while (held_.load(std::memory_order_relaxed)) lab::cpu_relax();
  }
}

void SpinLock::unlock() noexcept { held_.store(false, std::memory_order_release); }

Vm::Vm(Machine& machine, Config config)
    : machine_(machine),
      config_(config),
      asids_(256, nullptr),
      running_(machine.cpu_count(), nullptr),
      requested_(new lab::atomic<std::uint64_t>[machine.cpu_count()]),
      done_(new lab::atomic<std::uint64_t>[machine.cpu_count()]),
      asid_bits_(new lab::atomic<std::uint64_t>[machine.cpu_count() * kAsidWords]),
      slots_(config.resident_frames),
      policy_(make_policy(config.policy, config.resident_frames)) {
  for (std::size_t c = 0; c < machine.cpu_count(); ++c) {
    requested_[c].store(0);
    done_[c].store(0);
  }
  for (std::size_t w = 0; w < machine.cpu_count() * kAsidWords; ++w) asid_bits_[w].store(0);
}

Vm::~Vm() = default;

// ---- page tables ----

Space* Vm::create_space() {
  asid_lock_.lock();
  Space* space = nullptr;
  for (asid_t asid = 1; asid < asids_.size(); ++asid) {
    if (asids_[asid] != nullptr) continue;
    const pfn_t root = machine_.alloc_frame();
    if (root == kNoFrame) break;
    space = new Space;
    space->asid = asid;
    space->root = root;
    // A recycled ASID may still be cached by any CPU for the space that had it before.
    space->stale.store(~std::uint64_t{0});
    asids_[asid] = space;
    break;
  }
  asid_lock_.unlock();
  return space;
}

void Vm::free_tables(pfn_t table, int level) {
  for (std::size_t i = 0; i < kEntries; ++i) {
    const Pte pte = machine_.read_pte(table, i);
    if (pte.raw() == 0) continue;
    machine_.write_pte(table, i, Pte{});  // the machine frees only an empty table
    if (!pte.valid()) continue;
    if (level > 0) free_tables(pte.frame(), level - 1);
    else machine_.free_frame(pte.frame());
  }
  machine_.free_frame(table);
}

void Vm::destroy_space(Space* space) {
  pager_lock_.lock();
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].space != space) continue;
    policy_->evicted(i);
    slots_[i] = Slot{};
  }
  shoot_down(*space, kAllPages);
  free_tables(space->root, kLevels - 1);
  pager_lock_.unlock();
  asid_lock_.lock();
  asids_[space->asid] = nullptr;
  asid_lock_.unlock();
  delete space;
}

std::optional<std::pair<pfn_t, std::size_t>> Vm::leaf(const Space& space, vaddr_t va) const {
  pfn_t table = space.root;
  for (int level = kLevels - 1; level > 0; --level) {
    const Pte pte = machine_.read_pte(table, pt_index(va, level));
    if (!pte.valid()) return std::nullopt;
    table = pte.frame();
  }
  return std::pair{table, pt_index(va, 0)};
}

std::optional<std::pair<pfn_t, std::size_t>> Vm::leaf_or_create(Space& space, vaddr_t va) {
  pfn_t table = space.root;
  for (int level = kLevels - 1; level > 0; --level) {
    const std::size_t index = pt_index(va, level);
    Pte pte = machine_.read_pte(table, index);
    if (!pte.valid()) {
      const pfn_t next = machine_.alloc_frame();
      if (next == kNoFrame) return std::nullopt;
      pte = Pte::make(next, PTE_V);  // an intermediate entry: valid, no permissions
      machine_.write_pte(table, index, pte);
    }
    table = pte.frame();
  }
  return std::pair{table, pt_index(va, 0)};
}

bool Vm::map(Space& space, vaddr_t va, pfn_t frame, std::uint32_t perms) {
  if ((perms & PTE_R) == 0) return false;
  space.lock.lock();
  const auto entry = leaf_or_create(space, va);
  const bool ok = entry && !in_use(machine_.read_pte(entry->first, entry->second));
  if (ok) machine_.write_pte(entry->first, entry->second, Pte::make(frame, PTE_V | (perms & kPermBits)));
  space.lock.unlock();
  return ok;
}

// Clears the entries that point to tables of `va`'s path left empty, from the leaf table up (never the
// root), and collects those tables in `freed`: they may be freed only after the shootdown, because a CPU
// may be walking through them until then.
void Vm::free_empty_tables(Space& space, vaddr_t va, std::vector<pfn_t>& freed) {
  pfn_t path[kLevels];
  path[kLevels - 1] = space.root;
  for (int level = kLevels - 1; level > 0; --level) {
    path[level - 1] = machine_.read_pte(path[level], pt_index(va, level)).frame();
  }
  for (int level = 0; level < kLevels - 1; ++level) {
    for (std::size_t i = 0; i < kEntries; ++i) {
      if (machine_.read_pte(path[level], i).raw() != 0) return;
    }
    machine_.write_pte(path[level + 1], pt_index(va, level + 1), Pte{});
    freed.push_back(path[level]);
  }
}

bool Vm::unmap(Space& space, vaddr_t va) {
  pager_lock_.lock();
  space.lock.lock();
  const auto entry = leaf(space, va);
  const Pte old = entry ? machine_.read_pte(entry->first, entry->second) : Pte{};
  if (!in_use(old)) {
    space.lock.unlock();
    pager_lock_.unlock();
    return false;
  }
  machine_.write_pte(entry->first, entry->second, Pte{});
  std::vector<pfn_t> freed;
  free_empty_tables(space, va, freed);
  shoot_down(space, va);
  if (old.valid()) freed.push_back(old.frame());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].space != &space || slots_[i].va != va) continue;
    policy_->evicted(i);
    slots_[i] = Slot{};
  }
  for (const pfn_t frame : freed) machine_.free_frame(frame);
  space.lock.unlock();
  pager_lock_.unlock();
  return true;
}

bool Vm::protect(Space& space, vaddr_t va, std::uint32_t perms) {
  if ((perms & PTE_R) == 0) return false;
  pager_lock_.lock();
  space.lock.lock();
  const auto entry = leaf(space, va);
  bool ok = false;
  if (entry) {
    Pte old = machine_.read_pte(entry->first, entry->second);
    if (old.valid()) {
      // A CAS, so that an accessed or dirty bit the hardware sets meanwhile is kept.
      while (!machine_.cas_pte(entry->first, entry->second, old,
                               Pte::from_raw((old.raw() & ~std::uint64_t{kPermBits}) | (perms & kPermBits)))) {
      }
      ok = true;
    } else if (is_lazy(old)) {
      machine_.write_pte(entry->first, entry->second, lazy_entry(perms));
      ok = true;
    }
  }
  if (ok) shoot_down(space, va);
  space.lock.unlock();
  pager_lock_.unlock();
  return ok;
}

std::optional<Pte> Vm::translate(const Space& space, vaddr_t va) const {
  const auto entry = leaf(space, va);
  if (!entry) return std::nullopt;
  const Pte pte = machine_.read_pte(entry->first, entry->second);
  if (!in_use(pte)) return std::nullopt;
  return pte;
}

// ---- CPUs ----

// After the page table stopped mapping `va` (or, with kAllPages, all of `space`): marks every other CPU
// as having to flush the ASID before it runs `space` again, then interrupts those that run it now and
// waits until each has flushed. A CPU that starts running `space` meanwhile either sees its mark (it
// publishes that it runs the space before it looks) or is seen running it here: both sides use seq_cst.
// A CPU leaving `space` is still seen running it until its hardware runs another root.
void Vm::shoot_down(Space& space, vaddr_t va) {
  const int self = machine_.current_cpu();
  const std::size_t cpus = machine_.cpu_count();
  const std::uint64_t others = (cpus >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << cpus) - 1) &
                               ~(self >= 0 ? std::uint64_t{1} << self : 0);
  space.stale.fetch_or(others);
  std::vector<std::pair<std::size_t, std::uint64_t>> tickets;
  for (std::size_t c = 0; c < cpus; ++c) {
    if (static_cast<int>(c) == self || (space.active.load() & (std::uint64_t{1} << c)) == 0) continue;
    asid_bits_[c * kAsidWords + space.asid / 64].fetch_or(std::uint64_t{1} << (space.asid % 64));
    tickets.emplace_back(c, requested_[c].fetch_add(1) + 1);
    machine_.send_ipi(static_cast<int>(c));
  }
  if (self >= 0) {
    if (va == kAllPages) machine_.flush_tlb_asid(space.asid);
    else machine_.flush_tlb_page(space.asid, va);
  }
  for (const auto& [cpu, ticket] : tickets) {
    while (done_[cpu].load() < ticket) lab::cpu_relax();
  }
}

// The order matters twice. Into `space`: publish that this CPU runs it before looking at its stale mark
// (see shoot_down). Out of the previous space: withdraw only once the hardware runs the new root, or a
// shootdown could skip this CPU while its TLB still translates for the old space.
void Vm::switch_to(Space* space) {
  const int cpu = machine_.current_cpu();
  const std::uint64_t bit = std::uint64_t{1} << cpu;
  Space* previous = running_[cpu];
  if (space == previous) return;
  if (space == nullptr) {
    machine_.load_root(kNoFrame, 0);
  } else {
    space->active.fetch_or(bit);
    if ((space->stale.fetch_and(~bit) & bit) != 0) machine_.flush_tlb_asid(space->asid);
    machine_.load_root(space->root, space->asid);
  }
  if (previous != nullptr) previous->active.fetch_and(~bit);
  running_[cpu] = space;
}

void Vm::handle_ipi() {
  const std::size_t cpu = static_cast<std::size_t>(machine_.current_cpu());
  // Every request counted in `requested` set its bits before it was counted, so the exchanges see them.
  const std::uint64_t requested = requested_[cpu].load();
  for (std::size_t w = 0; w < kAsidWords; ++w) {
    std::uint64_t bits = asid_bits_[cpu * kAsidWords + w].exchange(0);
    while (bits != 0) {
      const int b = std::countr_zero(bits);
      bits &= bits - 1;
      machine_.flush_tlb_asid(static_cast<asid_t>(w * 64 + static_cast<std::size_t>(b)));
    }
  }
  if (done_[cpu].load() < requested) done_[cpu].store(requested);
}

// ---- demand paging ----

bool Vm::map_lazy(Space& space, vaddr_t va, std::uint32_t perms) {
  if ((perms & PTE_R) == 0) return false;
  space.lock.lock();
  const auto entry = leaf_or_create(space, va);
  const bool ok = entry && !in_use(machine_.read_pte(entry->first, entry->second));
  if (ok) machine_.write_pte(entry->first, entry->second, lazy_entry(perms));
  space.lock.unlock();
  return ok;
}

// Hardware sets the accessed bit on every TLB fill; the policy hears of the pages used since the last fault.
void Vm::sample_accessed_bits() {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].space == nullptr) continue;
    const auto entry = leaf(*slots_[i].space, slots_[i].va);
    Pte pte = machine_.read_pte(entry->first, entry->second);
    while (pte.has(PTE_A)) {
      if (machine_.cas_pte(entry->first, entry->second, pte, Pte::from_raw(pte.raw() & ~std::uint64_t{PTE_A}))) {
        policy_->referenced(i);
        break;
      }
    }
  }
}

std::size_t Vm::choose_slot() {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].space == nullptr) return i;
  }
  return policy_->victim();
}

bool Vm::page_fault(Space& space, vaddr_t va, Access access) {
  va &= ~std::uint64_t{kPageSize - 1};
  pager_lock_.lock();  // one fault at a time: a CPU faulting on a page being loaded waits here
  const auto entry = leaf(space, va);
  const Pte pte = entry ? machine_.read_pte(entry->first, entry->second) : Pte{};
  if (pte.valid() || !is_lazy(pte) || !allows(pte.flags(), access)) {
    pager_lock_.unlock();
    return pte.valid() && allows(pte.flags(), access);  // loaded by another CPU meanwhile: retry
  }
  sample_accessed_bits();
  const std::size_t slot = choose_slot();
  Slot& victim = slots_[slot];
  pfn_t frame = victim.frame;
  if (victim.space == nullptr) {
    frame = machine_.alloc_frame();
    if (frame == kNoFrame) {
      pager_lock_.unlock();
      return false;
    }
  } else {
    // Unmap the victim, shoot it down, and only then write it back: a CPU may write it until its flush.
    const auto victim_entry = leaf(*victim.space, victim.va);
    Pte old = machine_.read_pte(victim_entry->first, victim_entry->second);
    while (!machine_.cas_pte(victim_entry->first, victim_entry->second, old, lazy_entry(old.flags()))) {
    }
    if (old.has(PTE_D)) machine_.page_out(victim.space->asid, victim.va, frame);
    shoot_down(*victim.space, victim.va);
    policy_->evicted(slot);
  }
  pager_lock_.unlock();  // do not hold the lock during the slow disk read
  machine_.page_in(space.asid, va, frame);
  pager_lock_.lock();
  machine_.write_pte(entry->first, entry->second, Pte::make(frame, PTE_V | (pte.flags() & kPermBits)));
  victim = Slot{&space, va, frame};
  policy_->loaded(slot);
  pager_lock_.unlock();
  return true;
}

}  // namespace lab
