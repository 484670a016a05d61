// The paging lab: a 4-level page table, TLB shootdown across the simulated CPUs, and demand paging.
// Read README.md first. Add the fields and helpers you need; keep the public functions as they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <lab/lab.hpp>
#include <lab/paging.hpp>
#include <optional>

#include "policy.hpp"

namespace lab {

using paging::Access;
using paging::asid_t;
using paging::pfn_t;
using paging::Pte;
using paging::vaddr_t;

// One address space: a page-table root and an ASID. Created and destroyed by Vm. Add what you need
// (a lock, which CPUs must flush before they run it again, ...).
struct Space {
  asid_t asid = 0;
  pfn_t root = paging::kNoFrame;
};

// The kernel's virtual-memory system on a paging::Machine: page tables, shootdowns, demand paging.
// Every function may be called by several simulated CPUs at once.
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

  // A new, empty address space with its own ASID (1..255); nullptr when out of frames or ASIDs.
  Space* create_space();
  // Frees every table and data frame of `space`, and its ASID. No CPU runs `space` any more.
  void destroy_space(Space* space);
  // Maps the page at `va` (page-aligned) to `frame` with `perms` (PTE_R/W/X/U; R at least). Vm owns
  // `frame` from now on. False (and `frame` still the caller's) if `va` is mapped already or a table
  // could not be allocated.
  bool map(Space& space, vaddr_t va, pfn_t frame, std::uint32_t perms);
  // Removes the mapping of `va`. When it returns, no CPU can use it any more; only then are its frame
  // and every table left empty freed. False if `va` was not mapped.
  bool unmap(Space& space, vaddr_t va);
  // Changes the permissions of the mapping of `va`; when it returns, no CPU uses the old ones.
  bool protect(Space& space, vaddr_t va, std::uint32_t perms);
  // The leaf entry of `va` (a valid one, or a demand-paged page not in memory), or nothing.
  std::optional<Pte> translate(const Space& space, vaddr_t va) const;

  // ---- part 2: CPUs ----

  // Makes the calling CPU run `space` (nullptr: none).
  void switch_to(Space* space);
  // Runs on a CPU that got an IPI (paging::Machine::send_ipi).
  void handle_ipi();

  // ---- part 3: demand paging ----

  // Declares `va` a demand-paged page with `perms`: its contents live in the machine's backing store
  // and are loaded on the first access. False if `va` is in use already or a table could not be allocated.
  bool map_lazy(Space& space, vaddr_t va, std::uint32_t perms);
  // The page-fault handler, on the faulting CPU: true if the access may be retried.
  bool page_fault(Space& space, vaddr_t va, Access access);

 private:
  [[maybe_unused]] paging::Machine& machine_;
  [[maybe_unused]] Config config_;
};

}  // namespace lab
