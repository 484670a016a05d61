// The simulated MMU of the cow lab: physical frames, per-process page tables, translating user accesses.
//
// Students write the kernel (frame allocator, fork, page-fault handler, copyout, exit) on top of this.
// Concurrency model: every lab::Process is run by one simulated CPU (a real thread) at a time, so its page
// table is plain memory touched only by that thread (fork runs on the parent's CPU; the child starts on
// another CPU only after fork returned). Physical frames are shared by processes on different CPUs, and
// so is the kernel's allocator and reference-count state: that is what the student must synchronise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "lab/source_location.hpp"

namespace lab {

using frame_t = std::uint32_t;  // physical frame number, 0 .. Machine::frame_count()-1
using vaddr_t = std::uint64_t;  // a process's virtual address: page * page_size + offset

// What kalloc() returns when no frame is free.
inline constexpr frame_t kNoFrame = ~frame_t{0};

// Page-table entry bits, laid out like RISC-V Sv39 (xv6): hardware bits 0-4, software bits 8-9.
inline constexpr std::uint32_t PTE_V = 1u << 0;    // valid: the entry maps a frame
inline constexpr std::uint32_t PTE_R = 1u << 1;    // user may read
inline constexpr std::uint32_t PTE_W = 1u << 2;    // user may write
inline constexpr std::uint32_t PTE_U = 1u << 4;    // user page
inline constexpr std::uint32_t PTE_COW = 1u << 8;  // software bit: shared copy-on-write page (the MMU ignores it)
inline constexpr std::uint32_t PTE_RSW2 = 1u << 9;  // second software bit, free for your own use
inline constexpr std::uint32_t kPteFlagMask = 0x3ff;

// One page-table entry: a frame number and flag bits. A plain value; it belongs to its process.
class Pte {
 public:
  bool valid() const noexcept { return (bits_ & PTE_V) != 0; }
  // The mapped frame; meaningful only when valid().
  frame_t frame() const noexcept { return static_cast<frame_t>(bits_ >> 10); }
  std::uint32_t flags() const noexcept { return static_cast<std::uint32_t>(bits_ & kPteFlagMask); }
  // True iff every bit of `bits` is set.
  bool has(std::uint32_t bits) const noexcept { return (flags() & bits) == bits; }
  void set_flags(std::uint32_t bits) noexcept { bits_ |= (bits & kPteFlagMask); }
  void clear_flags(std::uint32_t bits) noexcept { bits_ &= ~static_cast<std::uint64_t>(bits & kPteFlagMask); }
  // Maps `frame` with `flags` (PTE_V is added).
  void map(frame_t frame, std::uint32_t flags) noexcept {
    bits_ = (static_cast<std::uint64_t>(frame) << 10) | ((flags | PTE_V) & kPteFlagMask);
  }
  // Makes the entry invalid (maps nothing).
  void clear() noexcept { bits_ = 0; }

 private:
  std::uint64_t bits_ = 0;
};

// "frame 7 [V R W U COW]", for messages. `frame 7 [-]` style output for an invalid entry is "unmapped".
std::string describe(const Pte& pte);

enum class Access { read, write };

// A simulated process: an id and a page table of page_count() pages (virtual pages 0 .. n-1).
// Created by the harness; run by one simulated CPU at a time (see the file comment).
class Process {
 public:
  Process(int pid, std::size_t pages);
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  int pid() const noexcept { return pid_; }
  std::size_t page_count() const noexcept { return page_count_; }
  // The entry of virtual page `page`. An out-of-range page is a lab::usage_error (you get a dummy entry).
  Pte& pte(std::size_t page, lab::source_location where = lab::source_location::current()) noexcept;
  const Pte& pte(std::size_t page, lab::source_location where = lab::source_location::current()) const noexcept;
  // Set by the machine when the kernel's page-fault handler refused a fault; a killed process runs no
  // more user code and must be cleaned up with the kernel's exit().
  bool killed() const noexcept { return killed_; }
  void set_killed() noexcept { killed_ = true; }

 private:
  int pid_;
  std::size_t page_count_;
  std::unique_ptr<Pte[]> table_;
  mutable Pte dummy_;
  bool killed_ = false;
};

// The kernel's page-fault handler as the machine calls it: returns true when the access may be retried,
// false to kill the process.
using FaultHandler = std::function<bool(Process&, vaddr_t, Access)>;

// Physical memory and the translating user-mode accesses of the simulated CPUs.
class Machine {
 public:
  struct Config {
    std::size_t frames = 128;
    std::size_t page_size = 4096;  // a power of two
  };
  explicit Machine(Config config);
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  std::size_t frame_count() const noexcept { return frames_; }
  std::size_t page_size() const noexcept { return page_size_; }

  // The page_size() bytes of physical frame `frame`, for kernel code (copying a page, copyout).
  // No translation, no permission check. An invalid frame (e.g. lab::kNoFrame) is a lab::usage_error and
  // returns a scratch page, so that a bug is reported at your line instead of corrupting memory.
  std::byte* frame_data(frame_t frame, lab::source_location where = lab::source_location::current()) noexcept;

  // ---- used by the harness (user programs and tests), not by your kernel ----

  // Installs the kernel's page-fault handler (the adapter does this).
  void set_fault_handler(FaultHandler handler);

  // User-mode read/write of `size` bytes at `va` of `process`, translated page by page. An access its
  // PTE does not allow (not V, not U, or not R / W) raises a page fault to the kernel's handler; if the
  // handler returns false, or returns true without making the access allowed, the process is killed.
  // Returns false iff the process is (now) killed; nothing of the failing page is accessed then.
  [[nodiscard]] bool read(Process& process, vaddr_t va, void* out, std::size_t size);
  [[nodiscard]] bool write(Process& process, vaddr_t va, const void* data, std::size_t size);

  // Number of page faults raised so far (all processes).
  std::uint64_t faults() const noexcept;

 private:
  struct Impl;
  std::byte* translate(Process& process, vaddr_t va, Access access);
  std::size_t frames_;
  std::size_t page_size_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lab
