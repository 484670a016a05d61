// Sanitizer evidence: the student's atomic call sites seen around critical sections (instrumented builds).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "lab/op_site.hpp"

namespace harness {

// One student call site in a role: "acquire" (the operation that let a thread into a critical section),
// "release" (the first one after it left), "last" (a thread's latest one when the process died).
struct EvidenceEntry {
  std::string role;
  std::string op;
  std::string order;
  std::string file;
  std::uint32_t line = 0;
};

// The latest student atomic site of one thread. Written by its thread, read by the death callback.
struct StudentSiteRecord {
  std::atomic<lab::detail::OpKind> kind{lab::detail::OpKind::none};
  std::atomic<std::memory_order> order{std::memory_order_seq_cst};
  std::atomic<const char*> file{nullptr};
  std::atomic<std::uint32_t> line{0};
  bool pending_release = false;  // owner thread only: set by CriticalSection::leave
};

// True when `file` is part of the harness (its headers, sources or graded tests), not student code.
bool is_harness_file(const char* file) noexcept;

// Called by before_atomic on the calling thread for every instrumented atomic operation.
void note_atomic_site(StudentSiteRecord& record, const lab::detail::OpSite& site) noexcept;

// CriticalSection hooks on the calling thread.
void evidence_on_enter() noexcept;
void evidence_on_leave() noexcept;

// Evidence collected so far; with `include_last`, each live thread's latest student site as "last".
std::vector<EvidenceEntry> evidence_snapshot(bool include_last);

const char* memory_order_name(std::memory_order order) noexcept;

}  // namespace harness
