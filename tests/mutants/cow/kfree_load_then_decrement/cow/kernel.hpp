// Known-buggy cow lab submission 'kfree_load_then_decrement': the reference header, unchanged (the bug is in kernel.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <lab/lab.hpp>
#include <lab/mmu.hpp>

namespace lab {

// The kernel of one lab::Machine. Several simulated CPUs call it at once, each for the process it runs;
// a process is only ever passed in by the CPU that runs it.
class Kernel {
 public:
  // Every frame of `machine` starts free.
  explicit Kernel(Machine& machine);
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // A free frame with reference count 1, or lab::kNoFrame when none is free. Thread-safe.
  [[nodiscard]] frame_t kalloc();
  // Drops one reference to `frame`; the frame is free again when its count reaches 0. Thread-safe.
  void kfree(frame_t frame);
  // Adds one reference to `frame` (the caller holds one already). Thread-safe.
  void incref(frame_t frame);
  // The number of references to `frame` (0 when free). Thread-safe.
  [[nodiscard]] std::uint32_t refcount(frame_t frame) const;

  // Makes `child` (an empty page table of the parent's size) share every frame of `parent`: writable
  // pages become read-only + PTE_COW in both; read-only pages are shared as they are.
  void fork(Process& parent, Process& child);
  // The page-fault handler. True when the access may be retried (a copy-on-write fault was resolved);
  // false to kill the process (not a copy-on-write fault, or no free frame for the copy).
  [[nodiscard]] bool page_fault(Process& process, vaddr_t va, Access access);
  // The kernel writes `size` bytes from `src` to `dst` in `process`, honouring copy-on-write.
  // False (and nothing written to the failing page) when a page is missing, read-only or cannot be copied.
  [[nodiscard]] bool copyout(Process& process, vaddr_t dst, const void* src, std::size_t size);
  // Drops every frame `process` maps and clears its page table.
  void exit(Process& process);

 private:
  // A test-and-test-and-set spinlock around the free list (as xv6's kmem.lock).
  class SpinLock {
   public:
    void lock();
    void unlock();

   private:
    lab::atomic<bool> locked_{false};
  };

  bool make_writable(Process& process, std::size_t page);

  Machine& machine_;
  std::unique_ptr<lab::atomic<std::uint32_t>[]> refs_;  // per frame
  SpinLock free_lock_;
  std::vector<frame_t> free_;  // guarded by free_lock_
};

}  // namespace lab
