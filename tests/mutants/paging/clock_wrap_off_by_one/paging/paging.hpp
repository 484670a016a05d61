// The paging lab: a 4-level page table, TLB shootdown across the simulated CPUs, and demand paging.
#pragma once

#include <cstddef>
#include <cstdint>
#include <lab/lab.hpp>
#include <lab/paging.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "policy.hpp"

namespace lab {

using paging::Access;
using paging::asid_t;
using paging::pfn_t;
using paging::Pte;
using paging::vaddr_t;

// A spinlock on lab::atomic; waiting turns call lab::cpu_relax(), where this CPU still answers IPIs.
class SpinLock {
 public:
  void lock() noexcept;
  void unlock() noexcept;

 private:
  lab::atomic<bool> held_{false};
};

// One address space: a page-table root and an ASID. Created and destroyed by Vm.
struct Space {
  asid_t asid = 0;
  pfn_t root = paging::kNoFrame;
  SpinLock lock;                        // guards this space's page table (map, unmap, protect)
  lab::atomic<std::uint64_t> stale{0};  // bit c: CPU c must flush this ASID before it runs this space again
};

// The kernel's virtual-memory system on a paging::Machine: page tables, shootdowns, demand paging.
class Vm {
 public:
  struct Config {
    std::size_t resident_frames = 8;  // frames the pager may hold for demand-paged pages at once
    PolicyKind policy = PolicyKind::clock;
  };

  Vm(paging::Machine& machine, Config config);
  ~Vm();
  Vm(const Vm&) = delete;
  Vm& operator=(const Vm&) = delete;

  // ---- part 1: page tables ----

  // A new, empty address space with its own ASID; nullptr when out of frames or ASIDs.
  Space* create_space();
  // Frees every table and data frame of `space` and its ASID. No CPU runs `space` any more.
  void destroy_space(Space* space);
  // Maps the page at `va` (page-aligned) to `frame` with `perms` (PTE_R/W/X/U; R at least). Vm owns
  // `frame` from now on. False (and `frame` still the caller's) if `va` is mapped already or a table
  // could not be allocated.
  bool map(Space& space, vaddr_t va, pfn_t frame, std::uint32_t perms);
  // Removes the mapping of `va`; when it returns, no CPU can use it any more; then its frame and every
  // table left empty are freed. False if `va` was not mapped.
  bool unmap(Space& space, vaddr_t va);
  // Changes the permissions of the mapping of `va`; when it returns, no CPU uses the old ones.
  bool protect(Space& space, vaddr_t va, std::uint32_t perms);
  // The leaf entry of `va` (valid or a demand-paged page not in memory), or nothing.
  std::optional<Pte> translate(const Space& space, vaddr_t va) const;

  // ---- part 2: CPUs ----

  // Makes the calling CPU run `space` (nullptr: none).
  void switch_to(Space* space);
  // Runs on the CPU that got an IPI.
  void handle_ipi();

  // ---- part 3: demand paging ----

  // Declares `va` a demand-paged page with `perms`: its contents live in the machine's backing store
  // and are loaded on the first access.
  bool map_lazy(Space& space, vaddr_t va, std::uint32_t perms);
  // The page-fault handler, on the faulting CPU: true if the access may be retried.
  bool page_fault(Space& space, vaddr_t va, Access access);

 private:
  struct Slot {
    Space* space = nullptr;
    vaddr_t va = 0;
    pfn_t frame = paging::kNoFrame;
  };

  std::optional<std::pair<pfn_t, std::size_t>> leaf(const Space& space, vaddr_t va) const;
  std::optional<std::pair<pfn_t, std::size_t>> leaf_or_create(Space& space, vaddr_t va);
  void free_empty_tables(Space& space, vaddr_t va, std::vector<pfn_t>& freed);
  void shoot_down(Space& space, vaddr_t va);
  void free_tables(pfn_t table, int level);
  std::size_t choose_slot();
  void sample_accessed_bits();

  paging::Machine& machine_;
  Config config_;
  std::vector<Space*> asids_;                        // asids_[a]: the space using ASID a, or nullptr
  SpinLock asid_lock_;
  std::unique_ptr<lab::atomic<Space*>[]> running_;   // running_[c]: the space CPU c runs
  std::unique_ptr<lab::atomic<std::uint64_t>[]> requested_;  // shootdown tickets sent to CPU c
  std::unique_ptr<lab::atomic<std::uint64_t>[]> done_;       // tickets CPU c has flushed
  std::unique_ptr<lab::atomic<std::uint64_t>[]> asid_bits_;  // per CPU: 4 words of ASIDs to flush
  SpinLock pager_lock_;
  std::vector<Slot> slots_;
  std::unique_ptr<Policy> policy_;
};

}  // namespace lab
