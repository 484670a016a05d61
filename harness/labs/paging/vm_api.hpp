// A type-erased view of the student's lab::Vm, so the paging lab's graded tests compile once per configuration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <lab/paging.hpp>

namespace paging_lab {

// The replacement policy the student's pager uses (lab::PolicyKind, by number).
enum class PolicyChoice { fifo, lru, clock };

// The student's virtual-memory operations. Implemented by adapter.cpp, the only file of the lab compiled
// together with a submission's paging.hpp; every graded test reaches the student's code through it.
// A space is the student's lab::Space*, passed as void*.
struct VmApi {
  void* (*create)(lab::paging::Machine&, std::size_t resident_frames, PolicyChoice policy);
  void (*destroy)(void* vm);
  void* (*create_space)(void* vm);
  void (*destroy_space)(void* vm, void* space);
  bool (*map)(void* vm, void* space, lab::paging::vaddr_t, lab::paging::pfn_t, std::uint32_t perms);
  bool (*unmap)(void* vm, void* space, lab::paging::vaddr_t);
  bool (*protect)(void* vm, void* space, lab::paging::vaddr_t, std::uint32_t perms);
  // False when nothing is mapped at the address; else the leaf entry in *pte.
  bool (*translate)(void* vm, void* space, lab::paging::vaddr_t, lab::paging::Pte* pte);
  void (*switch_to)(void* vm, void* space);
  void (*handle_ipi)(void* vm);
  bool (*map_lazy)(void* vm, void* space, lab::paging::vaddr_t, std::uint32_t perms);
  bool (*page_fault)(void* vm, void* space, lab::paging::vaddr_t, lab::paging::Access);
  // The asid of a space, for messages and the backing store.
  lab::paging::asid_t (*asid)(void* space);
};

const VmApi& vm_api();

}  // namespace paging_lab
