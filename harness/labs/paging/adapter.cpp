// Fills paging_lab::VmApi and the policy wrapper with a submission's lab::Vm and lab::Policy.
#include "paging.hpp"

#include "policy_adapter.hpp"  // the policies' half: `./labs paging` uses it alone
#include "vm_api.hpp"

namespace paging_lab {
namespace {

lab::Vm& vm(void* object) { return *static_cast<lab::Vm*>(object); }
lab::Space& space(void* object) { return *static_cast<lab::Space*>(object); }

lab::PolicyKind policy_kind(PolicyChoice choice) {
  switch (choice) {
    case PolicyChoice::fifo: return lab::PolicyKind::fifo;
    case PolicyChoice::lru: return lab::PolicyKind::lru;
    case PolicyChoice::clock: break;
  }
  return lab::PolicyKind::clock;
}

void* create(lab::paging::Machine& machine, std::size_t resident_frames, PolicyChoice policy) {
  return new lab::Vm(machine, lab::Vm::Config{.resident_frames = resident_frames, .policy = policy_kind(policy)});
}
void destroy(void* object) { delete static_cast<lab::Vm*>(object); }
void* create_space(void* object) { return vm(object).create_space(); }
void destroy_space(void* object, void* s) { vm(object).destroy_space(static_cast<lab::Space*>(s)); }

bool map(void* object, void* s, lab::paging::vaddr_t va, lab::paging::pfn_t frame, std::uint32_t perms) {
  return vm(object).map(space(s), va, frame, perms);
}
bool unmap(void* object, void* s, lab::paging::vaddr_t va) { return vm(object).unmap(space(s), va); }
bool protect(void* object, void* s, lab::paging::vaddr_t va, std::uint32_t perms) {
  return vm(object).protect(space(s), va, perms);
}

bool translate(void* object, void* s, lab::paging::vaddr_t va, lab::paging::Pte* pte) {
  const std::optional<lab::paging::Pte> found = vm(object).translate(space(s), va);
  if (found) *pte = *found;
  return found.has_value();
}

void switch_to(void* object, void* s) { vm(object).switch_to(static_cast<lab::Space*>(s)); }
void handle_ipi(void* object) { vm(object).handle_ipi(); }
bool map_lazy(void* object, void* s, lab::paging::vaddr_t va, std::uint32_t perms) {
  return vm(object).map_lazy(space(s), va, perms);
}
bool page_fault(void* object, void* s, lab::paging::vaddr_t va, lab::paging::Access access) {
  return vm(object).page_fault(space(s), va, access);
}
lab::paging::asid_t asid(void* s) { return space(s).asid; }

}  // namespace

const VmApi& vm_api() {
  static constexpr VmApi api{&create,  &destroy,    &create_space, &destroy_space, &map,        &unmap, &protect,
                             &translate, &switch_to, &handle_ipi,   &map_lazy,      &page_fault, &asid};
  return api;
}

}  // namespace paging_lab
