// Collects the student's atomic call sites in the roles the grader uses to name a raced-on lock's line.
#include "evidence.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "thread_registry.hpp"

namespace harness {
namespace {

// A fixed table filled lock-free: the death callback may read it while other threads still write, and
// must neither block nor race (the harness itself runs under ThreadSanitizer).
//
// Every access is relaxed, on purpose: a release/acquire pair here would be a happens-before edge
// between the threads of the lock under test, and ThreadSanitizer (whose clocks advance only at release
// operations) would then consider everything a thread did since that point ordered, hiding the very race
// the evidence is collected for. Readers tolerate a slot whose fields are not visible yet.
// Fields are atomics too, so that no reader can ever be a data race.
struct EvidenceSlot {
  std::atomic<bool> ready{false};
  std::atomic<const char*> role{nullptr};
  std::atomic<lab::detail::OpKind> kind{lab::detail::OpKind::none};
  std::atomic<std::memory_order> order{std::memory_order_seq_cst};
  std::atomic<const char*> file{nullptr};
  std::atomic<std::uint32_t> line{0};
};
constexpr auto kRelaxed = std::memory_order_relaxed;
constexpr int kSlots = 32;
EvidenceSlot slots[kSlots];
std::atomic<int> slots_claimed{0};

// The harness directory, derived from this file's own path (".../harness/threads/evidence.cpp").
std::string_view harness_root() noexcept {
  static const std::string_view root = [] {
    std::string_view self = __FILE__;
    auto at = self.rfind("harness/threads/");
    return at == std::string_view::npos ? std::string_view() : self.substr(0, at + std::strlen("harness/"));
  }();
  return root;
}

bool already_recorded(const char* role, const char* file, std::uint32_t line) noexcept {
  int claimed = std::min(slots_claimed.load(kRelaxed), kSlots);
  for (int i = 0; i < claimed; ++i) {
    const EvidenceSlot& slot = slots[i];
    const char* slot_role = slot.role.load(kRelaxed);
    const char* slot_file = slot.file.load(kRelaxed);
    if (slot.ready.load(kRelaxed) && slot_role != nullptr && slot_file != nullptr &&
        std::strcmp(slot_role, role) == 0 && slot.line.load(kRelaxed) == line && std::strcmp(slot_file, file) == 0) {
      return true;
    }
  }
  return false;
}

// Keeps the first example of each (role, site); concurrent duplicates are merged when read.
void add_evidence(const char* role, const StudentSiteRecord& record) noexcept {
  const char* file = record.file.load(std::memory_order_relaxed);
  if (file == nullptr) return;
  std::uint32_t line = record.line.load(std::memory_order_relaxed);
  if (already_recorded(role, file, line)) return;
  int index = slots_claimed.fetch_add(1, kRelaxed);
  if (index >= kSlots) return;
  EvidenceSlot& slot = slots[index];
  slot.role.store(role, kRelaxed);
  slot.kind.store(record.kind.load(kRelaxed), kRelaxed);
  slot.order.store(record.order.load(kRelaxed), kRelaxed);
  slot.file.store(file, kRelaxed);
  slot.line.store(line, kRelaxed);
  slot.ready.store(true, kRelaxed);
}

EvidenceEntry to_entry(const char* role, lab::detail::OpKind kind, std::memory_order order, const char* file,
                       std::uint32_t line) {
  return EvidenceEntry{role, lab::detail::op_name(kind), memory_order_name(order), file, line};
}

bool same_site(const EvidenceEntry& a, const EvidenceEntry& b) {
  return a.role == b.role && a.file == b.file && a.line == b.line;
}

void append_unique(std::vector<EvidenceEntry>& entries, EvidenceEntry entry) {
  for (const auto& existing : entries) {
    if (same_site(existing, entry)) return;
  }
  entries.push_back(std::move(entry));
}

// Per-thread cache: most call sites repeat, so compare pointers before comparing path prefixes.
thread_local const char* t_last_file = nullptr;
thread_local bool t_last_file_is_harness = false;

}  // namespace

bool is_harness_file(const char* file) noexcept {
  if (file == nullptr) return true;
  std::string_view root = harness_root();
  return !root.empty() && std::string_view(file).starts_with(root);
}

void note_atomic_site(StudentSiteRecord& record, const lab::detail::OpSite& site) noexcept {
  if (site.file != t_last_file) {
    t_last_file = site.file;
    t_last_file_is_harness = is_harness_file(site.file);
  }
  if (t_last_file_is_harness) return;
  record.kind.store(site.kind, std::memory_order_relaxed);
  record.order.store(site.order, std::memory_order_relaxed);
  record.file.store(site.file, std::memory_order_relaxed);
  record.line.store(site.line, std::memory_order_relaxed);
  if (record.pending_release) {
    record.pending_release = false;
    add_evidence("release", record);
  }
}

void evidence_on_enter() noexcept { add_evidence("acquire", current_thread_state().student_site); }

void evidence_on_leave() noexcept { current_thread_state().student_site.pending_release = true; }

std::vector<EvidenceEntry> evidence_snapshot(bool include_last) {
  std::vector<EvidenceEntry> entries;
  int claimed = std::min(slots_claimed.load(kRelaxed), kSlots);
  for (int i = 0; i < claimed; ++i) {
    const EvidenceSlot& slot = slots[i];
    const char* role = slot.role.load(kRelaxed);
    const char* file = slot.file.load(kRelaxed);
    if (!slot.ready.load(kRelaxed) || role == nullptr || file == nullptr) continue;
    append_unique(entries, to_entry(role, slot.kind.load(kRelaxed), slot.order.load(kRelaxed), file,
                                    slot.line.load(kRelaxed)));
  }
  if (!include_last) return entries;
  for (const auto& thread : live_threads()) {
    const StudentSiteRecord& record = thread->student_site;
    const char* file = record.file.load(std::memory_order_relaxed);
    if (file == nullptr) continue;
    append_unique(entries, to_entry("last", record.kind.load(std::memory_order_relaxed),
                                    record.order.load(std::memory_order_relaxed), file,
                                    record.line.load(std::memory_order_relaxed)));
  }
  return entries;
}

const char* memory_order_name(std::memory_order order) noexcept {
  switch (order) {
    case std::memory_order_relaxed: return "relaxed";
    case std::memory_order_consume: return "consume";
    case std::memory_order_acquire: return "acquire";
    case std::memory_order_release: return "release";
    case std::memory_order_acq_rel: return "acq_rel";
    case std::memory_order_seq_cst: return "seq_cst";
  }
  return "unknown";
}

}  // namespace harness
