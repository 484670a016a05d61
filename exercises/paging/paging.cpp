// The paging lab: your page tables, shootdowns and pager (see README.md).
#include "paging.hpp"

#include <lab/todo.hpp>

namespace lab {

Vm::Vm(paging::Machine& machine, Config config) : machine_(machine), config_(config) {}

Vm::~Vm() = default;

Space* Vm::create_space() { lab::todo("Vm::create_space"); }

void Vm::destroy_space(Space* space) {
  (void)space;
  lab::todo("Vm::destroy_space");
}

bool Vm::map(Space& space, vaddr_t va, pfn_t frame, std::uint32_t perms) {
  (void)space, (void)va, (void)frame, (void)perms;
  lab::todo("Vm::map");
}

bool Vm::unmap(Space& space, vaddr_t va) {
  (void)space, (void)va;
  lab::todo("Vm::unmap");
}

bool Vm::protect(Space& space, vaddr_t va, std::uint32_t perms) {
  (void)space, (void)va, (void)perms;
  lab::todo("Vm::protect");
}

std::optional<Pte> Vm::translate(const Space& space, vaddr_t va) const {
  (void)space, (void)va;
  lab::todo("Vm::translate");
}

void Vm::switch_to(Space* space) {
  (void)space;
  lab::todo("Vm::switch_to");
}

void Vm::handle_ipi() { lab::todo("Vm::handle_ipi"); }

bool Vm::map_lazy(Space& space, vaddr_t va, std::uint32_t perms) {
  (void)space, (void)va, (void)perms;
  lab::todo("Vm::map_lazy");
}

bool Vm::page_fault(Space& space, vaddr_t va, Access access) {
  (void)space, (void)va, (void)access;
  lab::todo("Vm::page_fault");
}

}  // namespace lab
