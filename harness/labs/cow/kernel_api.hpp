// A type-erased view of the student's lab::Kernel, so the cow lab's graded tests compile once per configuration.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lab/mmu.hpp>

namespace cow_lab {

// The student's kernel operations. Implemented by adapter.cpp, the only file of the lab compiled
// together with a submission's kernel.hpp; every graded test reaches the student's code through it.
struct KernelApi {
  void* (*create)(lab::Machine&);
  void (*destroy)(void*);
  lab::frame_t (*kalloc)(void*);
  void (*kfree)(void*, lab::frame_t);
  std::uint32_t (*refcount)(void*, lab::frame_t);
  void (*fork)(void*, lab::Process& parent, lab::Process& child);
  bool (*page_fault)(void*, lab::Process&, lab::vaddr_t, lab::Access);
  bool (*copyout)(void*, lab::Process&, lab::vaddr_t, const void*, std::size_t);
  void (*exit)(void*, lab::Process&);
};

const KernelApi& kernel_api();

}  // namespace cow_lab
