// Fills cow_lab::KernelApi with a submission's lab::Kernel.
//
// The only file of the lab compiled together with the student's kernel.hpp (found through -I<staged lab
// dir>); the graded tests are compiled once per configuration and call the student only through this table.
#include "kernel.hpp"

#include "kernel_api.hpp"

namespace cow_lab {
namespace {

lab::Kernel& kernel(void* object) { return *static_cast<lab::Kernel*>(object); }

void* create(lab::Machine& machine) { return new lab::Kernel(machine); }
void destroy(void* object) { delete static_cast<lab::Kernel*>(object); }
lab::frame_t kalloc(void* object) { return kernel(object).kalloc(); }
void kfree(void* object, lab::frame_t frame) { kernel(object).kfree(frame); }
std::uint32_t refcount(void* object, lab::frame_t frame) { return kernel(object).refcount(frame); }
void fork(void* object, lab::Process& parent, lab::Process& child) { kernel(object).fork(parent, child); }

bool page_fault(void* object, lab::Process& process, lab::vaddr_t va, lab::Access access) {
  return kernel(object).page_fault(process, va, access);
}

bool copyout(void* object, lab::Process& process, lab::vaddr_t dst, const void* src, std::size_t size) {
  return kernel(object).copyout(process, dst, src, size);
}

void exit(void* object, lab::Process& process) { kernel(object).exit(process); }

}  // namespace

const KernelApi& kernel_api() {
  static constexpr KernelApi api{&create, &destroy, &kalloc, &kfree, &refcount, &fork, &page_fault, &copyout, &exit};
  return api;
}

}  // namespace cow_lab
