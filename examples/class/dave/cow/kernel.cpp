// Dave's kernel: xv6-style kalloc/kfree with counts, COW fork, fault handler, copyout, exit.
#include "kernel.hpp"

#include <algorithm>
#include <cstring>

namespace lab {

Kernel::Kernel(Machine& machine)
    : machine_(machine), counts_(machine.frame_count()), next_free_(machine.frame_count(), kNoFrame) {
  for (frame_t f = 0; f < machine.frame_count(); ++f) {
    next_free_[f] = head_;
    head_ = f;
  }
}

void Kernel::lock_free_list() {
  int spins = 1;
  while (free_lock_.exchange(true, std::memory_order_acquire)) {
    do {
      for (int i = 0; i < spins; ++i) lab::cpu_relax();
      if (spins < 64) spins *= 2;
    } while (free_lock_.load(std::memory_order_relaxed));
  }
}

void Kernel::unlock_free_list() { free_lock_.store(false, std::memory_order_release); }

frame_t Kernel::kalloc() {
  lock_free_list();
  const frame_t f = head_;
  if (f != kNoFrame) head_ = next_free_[f];
  unlock_free_list();
  if (f != kNoFrame) counts_[f].store(1, std::memory_order_relaxed);
  return f;
}

void Kernel::kfree(frame_t frame) {
  const int left = counts_[frame].fetch_sub(1, std::memory_order_acq_rel) - 1;
  if (left > 0) return;
  if (left < 0) {
    counts_[frame].fetch_add(1);
    lab::usage_error("kfree: frame is already free");
    return;
  }
  lock_free_list();
  next_free_[frame] = head_;
  head_ = frame;
  unlock_free_list();
}

void Kernel::incref(frame_t frame) { counts_[frame].fetch_add(1, std::memory_order_relaxed); }

std::uint32_t Kernel::refcount(frame_t frame) const {
  return static_cast<std::uint32_t>(counts_[frame].load(std::memory_order_acquire));
}

void Kernel::fork(Process& parent, Process& child) {
  for (std::size_t i = 0; i < parent.page_count(); ++i) {
    Pte& pte = parent.pte(i);
    if (!pte.valid()) continue;
    if (pte.flags() & (PTE_W | PTE_COW)) pte = [&] { Pte p = pte; p.clear_flags(PTE_W); p.set_flags(PTE_COW); return p; }();
    child.pte(i) = pte;
    incref(pte.frame());
  }
}

// Makes a PTE_COW entry writable: in place when we hold the only reference, else on a private copy.
bool Kernel::resolve_cow(Pte& pte) {
  const frame_t old = pte.frame();
  {
    const frame_t fresh = kalloc();
    if (fresh == kNoFrame) return false;
    std::memcpy(machine_.frame_data(fresh), machine_.frame_data(old), machine_.page_size());
    pte.map(fresh, pte.flags());
    kfree(old);
  }
  pte.clear_flags(PTE_COW);
  pte.set_flags(PTE_W);
  return true;
}

bool Kernel::page_fault(Process& process, vaddr_t va, Access access) {
  const std::size_t page = va / machine_.page_size();
  if (access == Access::read || page >= process.page_count()) return false;
  Pte& pte = process.pte(page);
  if (!pte.valid() || !(pte.flags() & PTE_COW) || !(pte.flags() & PTE_U)) return false;
  return resolve_cow(pte);
}

bool Kernel::copyout(Process& process, vaddr_t dst, const void* src, std::size_t size) {
  const char* from = static_cast<const char*>(src);
  const std::size_t ps = machine_.page_size();
  for (std::size_t done = 0; done < size;) {
    const std::size_t page = (dst + done) / ps;
    const std::size_t offset = (dst + done) % ps;
    const std::size_t n = std::min(size - done, ps - offset);
    if (page >= process.page_count()) return false;
    Pte& pte = process.pte(page);
    if (!pte.valid() || !(pte.flags() & PTE_U)) return false;
    if ((pte.flags() & PTE_COW) && !resolve_cow(pte)) return false;
    if (!(pte.flags() & PTE_W)) return false;
    std::memcpy(machine_.frame_data(pte.frame()) + offset, from + done, n);
    done += n;
  }
  return true;
}

void Kernel::exit(Process& process) {
  for (std::size_t i = 0; i < process.page_count(); ++i) {
    Pte& pte = process.pte(i);
    if (pte.valid()) kfree(pte.frame());
    pte.clear();
  }
}

}  // namespace lab
