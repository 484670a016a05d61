// Known-buggy cow lab submission 'kfree_load_then_decrement': the reference with one bug, marked 'BUG (mutant)'.
#include "kernel.hpp"

#include <algorithm>
#include <cstring>

namespace lab {

// ---- the frame allocator ----------------------------------------------------------------------------

void Kernel::SpinLock::lock() {
  while (locked_.exchange(true, std::memory_order_acquire)) {
    while (locked_.load(std::memory_order_relaxed)) lab::cpu_relax();
  }
}

void Kernel::SpinLock::unlock() { locked_.store(false, std::memory_order_release); }

Kernel::Kernel(Machine& machine)
    : machine_(machine), refs_(new lab::atomic<std::uint32_t>[machine.frame_count()]) {
  const std::size_t frames = machine.frame_count();
  free_.reserve(frames);
  for (std::size_t i = frames; i-- > 0;) {
    refs_[i].store(0, std::memory_order_relaxed);
    free_.push_back(static_cast<frame_t>(i));
  }
}

frame_t Kernel::kalloc() {
  free_lock_.lock();
  if (free_.empty()) {
    free_lock_.unlock();
    return kNoFrame;
  }
  const frame_t frame = free_.back();
  free_.pop_back();
  free_lock_.unlock();
  refs_[frame].store(1, std::memory_order_relaxed);  // nobody else can see the frame yet
  return frame;
}

// acq_rel: the last owner's accesses to the frame happen before it is reused (or written in place by
// the one sharer left, see page_fault).
void Kernel::kfree(frame_t frame) {
  // BUG (mutant): decides with a load, then decrements: another CPU's drop can come in between.
  const std::uint32_t before = refs_[frame].load(std::memory_order_acquire);
  if (before == 0) {
    lab::usage_error("kfree of a free frame");
    return;
  }
  refs_[frame].fetch_sub(1, std::memory_order_acq_rel);
  if (before != 1) return;
  free_lock_.lock();
  free_.push_back(frame);
  free_lock_.unlock();
}

// Relaxed, as for shared_ptr copies: the caller already holds a reference, so the frame cannot be freed.
void Kernel::incref(frame_t frame) { refs_[frame].fetch_add(1, std::memory_order_relaxed); }

std::uint32_t Kernel::refcount(frame_t frame) const { return refs_[frame].load(std::memory_order_acquire); }

// ---- fork, page faults, copyout, exit -----------------------------------------------------------------

void Kernel::fork(Process& parent, Process& child) {
  for (std::size_t page = 0; page < parent.page_count(); ++page) {
    Pte& pte = parent.pte(page);
    if (!pte.valid()) continue;
    if (pte.has(PTE_W) || pte.has(PTE_COW)) {
      pte.clear_flags(PTE_W);
      pte.set_flags(PTE_COW);
    }
    incref(pte.frame());
    child.pte(page).map(pte.frame(), pte.flags());
  }
}

// Gives `process` a private, writable copy of its copy-on-write page `page`. Must run on the CPU that
// runs `process`: only it changes this page table, so a count of 1 cannot grow while we look at it.
bool Kernel::make_writable(Process& process, std::size_t page) {
  Pte& pte = process.pte(page);
  const frame_t shared = pte.frame();
  if (refcount(shared) == 1) {  // the other sharers are gone: write in place
    pte.clear_flags(PTE_COW);
    pte.set_flags(PTE_W);
    return true;
  }
  const frame_t copy = kalloc();
  if (copy == kNoFrame) return false;
  std::memcpy(machine_.frame_data(copy), machine_.frame_data(shared), machine_.page_size());
  pte.map(copy, (pte.flags() | PTE_W) & ~PTE_COW);
  kfree(shared);
  return true;
}

bool Kernel::page_fault(Process& process, vaddr_t va, Access access) {
  const std::size_t page = va / machine_.page_size();
  if (access != Access::write || page >= process.page_count()) return false;
  const Pte& pte = process.pte(page);
  if (!pte.valid() || !pte.has(PTE_U | PTE_COW)) return false;
  return make_writable(process, page);
}

bool Kernel::copyout(Process& process, vaddr_t dst, const void* src, std::size_t size) {
  const auto* from = static_cast<const std::byte*>(src);
  while (size > 0) {
    const std::size_t page = dst / machine_.page_size();
    const std::size_t offset = dst % machine_.page_size();
    const std::size_t chunk = std::min(size, machine_.page_size() - offset);
    if (page >= process.page_count()) return false;
    const Pte& pte = process.pte(page);
    if (!pte.valid() || !pte.has(PTE_U)) return false;
    if (pte.has(PTE_COW) && !make_writable(process, page)) return false;
    if (!pte.has(PTE_W)) return false;
    std::memcpy(machine_.frame_data(pte.frame()) + offset, from, chunk);
    from += chunk;
    dst += chunk;
    size -= chunk;
  }
  return true;
}

void Kernel::exit(Process& process) {
  for (std::size_t page = 0; page < process.page_count(); ++page) {
    Pte& pte = process.pte(page);
    if (!pte.valid()) continue;
    kfree(pte.frame());
    pte.clear();
  }
}

}  // namespace lab
