// The cow lab's test fixture: a simulated machine, the student's kernel on it, and the checks on both.
#pragma once

#include <cstdint>
#include <harness/harness.hpp>
#include <lab/mmu.hpp>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "kernel_api.hpp"

namespace cow_lab {

using ProcessPtr = std::unique_ptr<lab::Process>;

// Work sizes per build: the sanitizers and perturbation make every operation slower.
struct PerConfig {
  long plain;
  long tsan;
  long asan;
  long perturb;
};
long for_config(const PerConfig& sizes);

inline constexpr std::uint32_t kUserRW = lab::PTE_R | lab::PTE_W | lab::PTE_U;
inline constexpr std::uint32_t kUserRO = lab::PTE_R | lab::PTE_U;

// One machine and the student's kernel on it. Methods that take a process must be called by the one
// thread that runs it; World itself keeps no shared registry (a lock there would order the CPUs and
// hide races in the student's reference counts from ThreadSanitizer).
class World {
 public:
  explicit World(lab::Machine::Config config = {});
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  lab::Machine& machine() noexcept { return machine_; }
  std::size_t page_size() const noexcept { return machine_.page_size(); }

  // A new process whose pages 0 .. pages-1 are fresh kalloc()ed frames filled with `fill`, mapped with
  // `flags`; its page table has max(pages, table_pages) entries. Fails the test (and returns a process
  // with fewer pages mapped) if kalloc() runs dry.
  ProcessPtr spawn(std::size_t pages, std::uint8_t fill, std::uint32_t flags = kUserRW, std::size_t table_pages = 0);
  // Maps one more fresh frame filled with `fill` at `page` (harness-side, like exec loading a segment).
  bool map_fresh(lab::Process& process, std::size_t page, std::uint8_t fill, std::uint32_t flags);
  // The student's fork(parent, child) into a new, empty process of the parent's size.
  ProcessPtr fork(lab::Process& parent);
  // The student's exit(process); the process object is destroyed afterwards.
  void exit(ProcessPtr process);
  bool copyout(lab::Process& process, lab::vaddr_t dst, const void* src, std::size_t size);
  std::uint32_t refcount(lab::frame_t frame);

  // User-mode accesses through the machine (page faults go to the student's handler).
  bool write_page(lab::Process& process, std::size_t page, std::uint8_t value);
  bool write_byte(lab::Process& process, lab::vaddr_t va, std::uint8_t value);
  // Reads the whole page; reports a finding (naming `context`) unless every byte is `expected`.
  bool expect_page(lab::Process& process, std::size_t page, std::uint8_t expected, const std::string& context);

  // Free frames, counted by allocating until kalloc() fails and freeing them again (as xv6's
  // usertests count free memory); independent of what the kernel believes.
  std::size_t count_free();

  // Fails the test unless count_free() == expected; `what` names the operation just done.
  bool expect_free(std::size_t expected, const std::string& what);

  // The reference-count invariant over `live` (every process that exists): each frame's count equals
  // the number of page-table entries mapping it. Reports the first broken frame with its count and the
  // entries that map it; `after` names the operation just done.
  bool check_refcounts(const std::vector<const lab::Process*>& live, const std::string& after);

 private:
  lab::Machine machine_;
  const KernelApi& api_;
  void* kernel_;
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

// The frame page `page` of `process` maps (lab::kNoFrame if unmapped).
lab::frame_t frame_of(const lab::Process& process, std::size_t page);

// Pointers to the processes, for check_refcounts.
std::vector<const lab::Process*> live(const std::vector<ProcessPtr>& processes);
std::vector<const lab::Process*> live(std::initializer_list<const lab::Process*> processes);

}  // namespace cow_lab
