// The paging lab's test fixture: a simulated machine, the student's Vm on it, its CPUs, and the checks.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <harness/harness.hpp>
#include <lab/cpu.hpp>
#include <lab/paging.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "vm_api.hpp"

namespace paging_lab {

using lab::paging::Access;
using lab::paging::pfn_t;
using lab::paging::Pte;
using lab::paging::vaddr_t;

// Work sizes per build: the sanitizers and perturbation make every operation slower.
struct PerConfig {
  long plain;
  long tsan;
  long asan;
  long perturb;
  long controlled;
};
long for_config(const PerConfig& sizes);

inline constexpr std::uint32_t kUserRW = lab::paging::PTE_R | lab::paging::PTE_W | lab::paging::PTE_U;
inline constexpr std::uint32_t kUserRO = lab::paging::PTE_R | lab::paging::PTE_U;
inline constexpr std::uint32_t kUserRX = lab::paging::PTE_R | lab::paging::PTE_X | lab::paging::PTE_U;
inline constexpr vaddr_t kPage = lab::paging::kPageSize;

// The byte a test keeps at offset 0 of the page at `va` (mapped with map_fresh).
std::uint8_t fill_of(vaddr_t va);

// "0x7f0000", for messages.
std::string hex(vaddr_t va);

// One machine and the student's Vm on it. Every Vm operation runs on a simulated CPU (inside run_cpus or
// a setup()), wrapped in the machine's OpScope so that the machine can tell a shootdown in progress from
// a stale TLB entry. World keeps no lock of its own: it must not order the CPUs.
class World {
 public:
  struct Options {
    lab::paging::Machine::Config machine{};
    std::size_t resident_frames = 4;
    PolicyChoice policy = PolicyChoice::clock;
  };
  explicit World(Options options);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  lab::paging::Machine& machine() noexcept { return machine_; }

  // Runs `body` on the calling thread bound to CPU 0 (the test's own setup and final checks).
  void setup(const std::function<void()>& body);
  // Runs `body` on the calling thread bound to CPU `cpu`, which keeps running whatever space `body`
  // switched it to (its TLB and loaded root stay as they are, as on a CPU that was interrupted).
  void on_cpu(int cpu, const std::function<void()>& body);
  // Runs body(cpu) for cpu = 0 .. cpus-1, each on its own simulated CPU, all at once. A CPU that is
  // done runs no space and keeps answering IPIs until every CPU is done (a CPU never leaves while
  // another may still be waiting for its acknowledgement).
  void run_cpus(std::size_t cpus, const std::function<void(int cpu)>& body);

  // ---- the student's operations (on the calling CPU) ----
  void* create_space();  // fails the test when the student returns nullptr
  void destroy_space(void* space);
  bool map(void* space, vaddr_t va, pfn_t frame, std::uint32_t perms);
  // A fresh frame whose byte 0 is fill_of(va), mapped at `va`; false (frame freed) if the student refused.
  bool map_fresh(void* space, vaddr_t va, std::uint32_t perms);
  bool unmap(void* space, vaddr_t va);
  // unmap(va), then map_fresh(va) on a frame allocated before the unmap: a new frame for sure, so a
  // translation cached before the unmap points to another frame than the page table (the allocator
  // would otherwise hand the freed frame straight back and hide a stale entry).
  bool remap_fresh(void* space, vaddr_t va, std::uint32_t perms);
  bool protect(void* space, vaddr_t va, std::uint32_t perms);
  std::optional<Pte> translate(void* space, vaddr_t va);
  bool map_lazy(void* space, vaddr_t va, std::uint32_t perms);
  void switch_to(void* space);
  lab::paging::asid_t asid(void* space) const;

  // ---- user-mode accesses of the calling CPU through the machine (faults go to the student) ----
  // False when the access was refused (the fault handler said no).
  bool read(vaddr_t va, std::uint8_t& out);
  bool write(vaddr_t va, std::uint8_t value);

 private:
  // A new frame whose byte 0 is fill_of(va), or kNoFrame (the test has failed then).
  pfn_t fresh_frame(vaddr_t va);

  lab::paging::Machine machine_;
  const VmApi& api_;
  void* vm_;
  std::vector<void*> running_;  // running_[cpu]: the space that CPU runs (written only by that CPU)
};

// Starts rounds on `cpus` CPUs together: arrive_and_wait(r) returns once every CPU has arrived at round
// r. Relaxed, so that it orders nothing for ThreadSanitizer; waiting answers IPIs (lab::cpu_relax).
class RoundStart {
 public:
  explicit RoundStart(std::size_t cpus) : cpus_(static_cast<long>(cpus)) {}
  void arrive_and_wait(long round) noexcept {
    arrivals_.fetch_add(1, std::memory_order_relaxed);
    while (arrivals_.load(std::memory_order_relaxed) < cpus_ * (round + 1)) lab::cpu_relax();
  }

 private:
  long cpus_;
  std::atomic<long> arrivals_{0};
};

// Fails the test with `message` (one sentence for the student) unless `ok`; returns `ok`.
bool expect(bool ok, const std::string& message);

// Concatenates the parts as an ostream would print them, for expect() messages.
template <class... Parts>
std::string msg(const Parts&... parts) {
  std::ostringstream text;
  (text << ... << parts);
  return text.str();
}

}  // namespace paging_lab
