// Alice's kernel: reference-counted frames on an intrusive free list, copy-on-write fork.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <lab/lab.hpp>
#include <lab/mmu.hpp>

namespace lab {

class Kernel {
 public:
  explicit Kernel(Machine& machine);
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  [[nodiscard]] frame_t kalloc();
  void kfree(frame_t frame);
  void incref(frame_t frame);
  [[nodiscard]] std::uint32_t refcount(frame_t frame) const;

  void fork(Process& parent, Process& child);
  [[nodiscard]] bool page_fault(Process& process, vaddr_t va, Access access);
  [[nodiscard]] bool copyout(Process& process, vaddr_t dst, const void* src, std::size_t size);
  void exit(Process& process);

 private:
  void lock_free_list();
  void unlock_free_list();
  bool resolve_cow(Pte& pte);

  Machine& machine_;
  std::vector<lab::atomic<int>> counts_;
  lab::atomic<bool> free_lock_{false};
  std::vector<frame_t> next_free_;  // a linked list through the free frames; guarded by free_lock_
  frame_t head_ = kNoFrame;         // guarded by free_lock_
};

}  // namespace lab
