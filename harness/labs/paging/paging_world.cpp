// The paging lab's test fixture (see paging_world.hpp).
#include "paging_world.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <iomanip>
#include <memory>

namespace paging_lab {

long for_config(const PerConfig& sizes) {
  const std::string_view config = harness::config_name();
  if (config == "tsan") return sizes.tsan;
  if (config == "asan") return sizes.asan;
  if (config == "perturb") return sizes.perturb;
  if (config == "controlled") return sizes.controlled;
  return sizes.plain;
}

std::uint8_t fill_of(vaddr_t va) { return static_cast<std::uint8_t>(0x40 + (lab::paging::vpn(va) * 7) % 181); }

std::string hex(vaddr_t va) {
  std::ostringstream text;
  text << "0x" << std::hex << va;
  return text.str();
}

bool expect(bool ok, const std::string& message) {
  if (!ok) harness::fail_check(message);
  return ok;
}

World::World(Options options)
    : machine_(options.machine),
      api_(vm_api()),
      vm_(api_.create(machine_, options.resident_frames, options.policy)),
      running_(options.machine.cpus, nullptr) {
  machine_.set_ipi_handler([this] { api_.handle_ipi(vm_); });
  machine_.set_fault_handler([this](vaddr_t va, Access access) {
    void* space = running_[static_cast<std::size_t>(machine_.current_cpu())];
    if (space == nullptr) return false;
    // The pager may evict a page of any space: every stale hit is allowed while it works, and at its
    // end every CPU must agree with the page tables again.
    lab::paging::OpScope op(machine_, lab::paging::OpKind::evict, 0, lab::paging::kAllPages);
    return api_.page_fault(vm_, space, va, access);
  });
}

World::~World() { api_.destroy(vm_); }

void World::setup(const std::function<void()>& body) {
  on_cpu(0, [&] {
    body();
    switch_to(nullptr);
  });
}

void World::on_cpu(int cpu, const std::function<void()>& body) {
  lab::paging::CpuScope scope(machine_, cpu);
  body();
}

void World::run_cpus(std::size_t cpus, const std::function<void(int cpu)>& body) {
  // Relaxed: the count must not order the CPUs (ThreadSanitizer would see the harness's edges).
  std::atomic<std::size_t> done{0};
  std::vector<std::unique_ptr<harness::TestThread>> threads;
  for (std::size_t i = 0; i < cpus; ++i) {
    threads.push_back(std::make_unique<harness::TestThread>("cpu " + std::to_string(i), [&, i] {
      lab::paging::CpuScope cpu(machine_, static_cast<int>(i));
      body(static_cast<int>(i));
      switch_to(nullptr);
      done.fetch_add(1, std::memory_order_relaxed);
      while (done.load(std::memory_order_relaxed) < cpus) {
        lab::cpu_relax();  // answers IPIs (no progress: a CPU stuck in the body must stall the watchdog)
      }
    }));
  }
}

void* World::create_space() {
  void* space = api_.create_space(vm_);
  expect(space != nullptr, "create_space returned nullptr although frames and ASIDs were free");
  return space;
}

void World::destroy_space(void* space) {
  lab::paging::OpScope op(machine_, lab::paging::OpKind::destroy, api_.asid(space), lab::paging::kAllPages);
  api_.destroy_space(vm_, space);
}

bool World::map(void* space, vaddr_t va, pfn_t frame, std::uint32_t perms) {
  lab::paging::OpScope op(machine_, lab::paging::OpKind::map, api_.asid(space), va);
  return api_.map(vm_, space, va, frame, perms);
}

pfn_t World::fresh_frame(vaddr_t va) {
  const pfn_t frame = machine_.alloc_frame();
  if (!expect(frame != lab::paging::kNoFrame, "the machine ran out of frames (a leak?)")) return frame;
  machine_.frame_data(frame)[0] = std::byte{fill_of(va)};
  return frame;
}

bool World::map_fresh(void* space, vaddr_t va, std::uint32_t perms) {
  const pfn_t frame = fresh_frame(va);
  if (frame == lab::paging::kNoFrame) return false;
  if (map(space, va, frame, perms)) return true;
  machine_.free_frame(frame);
  return false;
}

bool World::unmap(void* space, vaddr_t va) {
  lab::paging::OpScope op(machine_, lab::paging::OpKind::unmap, api_.asid(space), va);
  return api_.unmap(vm_, space, va);
}

bool World::remap_fresh(void* space, vaddr_t va, std::uint32_t perms) {
  const pfn_t frame = fresh_frame(va);
  if (frame == lab::paging::kNoFrame) return false;
  if (!expect(unmap(space, va), msg("unmap(", hex(va), ") of a mapped page returned false")) ||
      !expect(map(space, va, frame, perms), msg("map(", hex(va), ") just after its unmap returned false"))) {
    machine_.free_frame(frame);
    return false;
  }
  return true;
}

bool World::protect(void* space, vaddr_t va, std::uint32_t perms) {
  lab::paging::OpScope op(machine_, lab::paging::OpKind::protect, api_.asid(space), va);
  return api_.protect(vm_, space, va, perms);
}

std::optional<Pte> World::translate(void* space, vaddr_t va) {
  Pte pte;
  if (!api_.translate(vm_, space, va, &pte)) return std::nullopt;
  return pte;
}

bool World::map_lazy(void* space, vaddr_t va, std::uint32_t perms) {
  lab::paging::OpScope op(machine_, lab::paging::OpKind::map, api_.asid(space), va);
  return api_.map_lazy(vm_, space, va, perms);
}

void World::switch_to(void* space) {
  running_[static_cast<std::size_t>(machine_.current_cpu())] = space;
  api_.switch_to(vm_, space);
}

lab::paging::asid_t World::asid(void* space) const { return api_.asid(space); }

bool World::read(vaddr_t va, std::uint8_t& out) { return machine_.access(va, Access::read, &out); }

bool World::write(vaddr_t va, std::uint8_t value) { return machine_.access(va, Access::write, &value); }

}  // namespace paging_lab
