// Your kernel: replace each lab::todo(...) with your code (see README.md for the lifecycle and an example).
#include "kernel.hpp"

namespace lab {

// ---- the frame allocator ----------------------------------------------------------------------------

// Put every frame 0 .. machine.frame_count()-1 on the free list, each with reference count 0.
Kernel::Kernel(Machine& machine) : machine_(machine) {}

// Take a frame off the free list (under your spinlock) and set its count to 1; lab::kNoFrame if none.
frame_t Kernel::kalloc() { lab::todo("Kernel::kalloc"); }

// Decrement the count with one atomic step; only the caller that takes it from 1 to 0 frees the frame.
void Kernel::kfree(frame_t frame) {
  (void)frame;
  lab::todo("Kernel::kfree");
}

// One atomic increment. The caller holds a reference, so the frame cannot be freed meanwhile.
void Kernel::incref(frame_t frame) {
  (void)frame;
  lab::todo("Kernel::incref");
}

std::uint32_t Kernel::refcount(frame_t frame) const {
  (void)frame;
  lab::todo("Kernel::refcount");
}

// ---- fork, page faults, copyout, exit -----------------------------------------------------------------

// For every valid page of the parent: if it is writable (or already PTE_COW), clear PTE_W and set
// PTE_COW in the parent; map the same frame with the same flags in the child; incref the frame.
void Kernel::fork(Process& parent, Process& child) {
  (void)parent;
  (void)child;
  lab::todo("Kernel::fork");
}

// A write to a valid PTE_U | PTE_COW page: if the frame's count is 1, set PTE_W and clear PTE_COW in
// place; else kalloc a frame (none left: return false), copy the page, map the copy writable without
// PTE_COW, and kfree the shared frame. Anything else is a real fault: return false.
bool Kernel::page_fault(Process& process, vaddr_t va, Access access) {
  (void)process;
  (void)va;
  (void)access;
  lab::todo("Kernel::page_fault");
}

// Page by page: fail on a missing, non-user or read-only page; resolve PTE_COW as page_fault does;
// then copy into machine_.frame_data(frame) + offset.
bool Kernel::copyout(Process& process, vaddr_t dst, const void* src, std::size_t size) {
  (void)process;
  (void)dst;
  (void)src;
  (void)size;
  lab::todo("Kernel::copyout");
}

// kfree every mapped frame and clear every entry.
void Kernel::exit(Process& process) {
  (void)process;
  lab::todo("Kernel::exit");
}

}  // namespace lab
