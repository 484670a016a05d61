// The paging machine: frames, page-table entries, the walker's read-only view, counters, messages.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include "harness/findings.hpp"
#include "lab/usage.hpp"
#include "paging_state.hpp"

namespace lab::paging {

std::string hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::string site(const char* file, std::uint32_t line) {
  if (file == nullptr) return "?";
  const char* slash = std::strrchr(file, '/');
  return std::string(slash != nullptr ? slash + 1 : file) + ":" + std::to_string(line);
}

std::string perms_text(std::uint64_t perms) {
  std::string text;
  if (perms & tlb::kR) text += "R";
  if (perms & tlb::kW) text += text.empty() ? "W" : " W";
  if (perms & tlb::kX) text += text.empty() ? "X" : " X";
  return text.empty() ? "-" : text;
}

std::string describe(Pte pte) {
  static constexpr std::pair<std::uint32_t, const char*> kNames[] = {
      {PTE_V, "V"}, {PTE_R, "R"}, {PTE_W, "W"}, {PTE_X, "X"},     {PTE_U, "U"},
      {PTE_A, "A"}, {PTE_D, "D"}, {PTE_SW0, "SW0"}, {PTE_SW1, "SW1"}};
  std::string bits;
  for (const auto& [bit, name] : kNames) {
    if (pte.has(bit)) bits += bits.empty() ? name : std::string(" ") + name;
  }
  if (!pte.valid()) return pte.flags() == 0 ? "unmapped" : "invalid [" + bits + "]";
  return std::string(pte.leaf() ? "frame " : "table ") + std::to_string(pte.frame()) + " [" + bits + "]";
}

Machine::Impl::Impl(const Config& config)
    : frames(config.frames),
      frame_state(new std::atomic<std::uint8_t>[config.frames]),
      frame_slot(new std::atomic<std::uint32_t>[config.frames]),
      slot_count(config.store_pages),
      slots(new Slot[config.store_pages]) {
  if (config.frames == 0 || config.frames > 0xffff) throw std::invalid_argument("paging::Machine: frames must be 1..65535");
  if (config.cpus == 0 || config.cpus > 64) throw std::invalid_argument("paging::Machine: cpus must be 1..64");
  if (config.tlb_entries == 0) throw std::invalid_argument("paging::Machine: tlb_entries must be at least 1");
  if (config.store_pages == 0) throw std::invalid_argument("paging::Machine: store_pages must be at least 1");
  memory = static_cast<std::byte*>(::operator new(frames * kPageSize, std::align_val_t{kPageSize}));
  std::memset(memory, 0, frames * kPageSize);
  for (std::size_t f = 0; f < frames; ++f) {
    frame_state[f].store(kFree, std::memory_order_relaxed);
    frame_slot[f].store(kNoSlot, std::memory_order_relaxed);
  }
  for (std::size_t c = 0; c < config.cpus; ++c) cpus.push_back(std::make_unique<Cpu>(config.tlb_entries));
}

Machine::Impl::~Impl() {
  ::operator delete(memory, std::align_val_t{kPageSize});
  for (std::size_t s = 0; s < slot_count; ++s) delete[] slots[s].data.load(std::memory_order_relaxed);
}

void Machine::Impl::report(const std::string& message, const lab::source_location* where) {
  findings.fetch_add(1, std::memory_order_relaxed);
  harness::report({"check", message, where != nullptr ? where->file_name() : "", where != nullptr ? where->line() : 0});
}

void Machine::Impl::mark_table(pfn_t frame) noexcept {
  if (!frame_number_ok(frame)) return;
  std::uint8_t expected = kUsed;
  frame_state[frame].compare_exchange_strong(expected, kTable, std::memory_order_relaxed);
}

Pte Machine::Impl::walk(pfn_t root, vaddr_t va, pfn_t* table_out, std::size_t* index_out) const noexcept {
  pfn_t table = root;
  for (int level = kLevels - 1; level >= 0; --level) {
    if (!frame_number_ok(table)) return Pte{};
    const std::size_t index = pt_index(va, level);
    const Pte pte = Pte::from_raw(entry(table, index).load(std::memory_order_acquire));
    if (!pte.valid()) return Pte{};
    if (level == 0) {
      if (!pte.has(PTE_R) || !frame_number_ok(pte.frame())) return Pte{};  // a leaf needs R (W or X alone: no)
      if (table_out != nullptr) *table_out = table;
      if (index_out != nullptr) *index_out = index;
      return pte;
    }
    if (pte.leaf()) return Pte{};  // no huge pages: a leaf above level 0 translates nothing
    table = pte.frame();
  }
  return Pte{};
}

Machine::Machine(Config config) : impl_(std::make_unique<Impl>(config)) {}
Machine::~Machine() = default;

std::size_t Machine::frame_count() const noexcept { return impl_->frames; }
std::size_t Machine::cpu_count() const noexcept { return impl_->cpus.size(); }

// Lowest free frame first (deterministic). The CAS is acq_rel: the zeroing here happens after whatever
// the last owner did with the frame, as with any kernel allocator's lock.
pfn_t Machine::alloc_frame(lab::source_location) {
  Impl& m = *impl_;
  for (pfn_t f = 0; f < m.frames; ++f) {
    std::uint8_t expected = kFree;
    if (m.frame_state[f].load(std::memory_order_relaxed) != kFree ||
        !m.frame_state[f].compare_exchange_strong(expected, kUsed, std::memory_order_acq_rel)) {
      continue;
    }
    std::memset(m.frame_bytes(f), 0, kPageSize);
    m.frame_slot[f].store(kNoSlot, std::memory_order_relaxed);
    m.in_use.fetch_add(1, std::memory_order_relaxed);
    return f;
  }
  return kNoFrame;
}

void Machine::free_frame(pfn_t frame, lab::source_location where) {
  Impl& m = *impl_;
  if (!m.frame_number_ok(frame)) {
    usage_error(frame == kNoFrame ? "free_frame(kNoFrame): that is not a frame (alloc_frame found none?)"
                                  : "free_frame: frame number beyond the end of physical memory",
                where);
    return;
  }
  const std::string call = "free_frame(" + std::to_string(frame) + "): ";
  const std::uint8_t state = m.frame_state[frame].load(std::memory_order_acquire);
  if (state == kFree) {
    m.report(call + "frame " + std::to_string(frame) + " is not allocated (freed twice?)", &where);
    return;
  }
  std::uint64_t e = 0;
  const int cpu = m.find_live_entry([&](std::uint64_t x) { return tlb::frame_of(x) == frame; }, &e);
  if (cpu >= 0) {
    m.report(call + "CPU " + std::to_string(cpu) + "'s TLB still maps " + hex(tlb::va_of(e)) + " (asid " +
                 std::to_string(tlb::asid_of(e)) + ") to frame " + std::to_string(frame) +
                 "; every CPU running that address space must flush it, and you must wait for them, before "
                 "the frame is freed (the frame stays allocated)",
             &where);
    return;
  }
  if (state == kTable) {
    for (std::size_t i = 0; i < kEntries; ++i) {
      const Pte pte = Pte::from_raw(m.entry(frame, i).load(std::memory_order_acquire));
      if (!pte.valid()) continue;
      m.report(call + "frame " + std::to_string(frame) + " is a page table that still has a valid entry: index " +
                   std::to_string(i) + " = " + describe(pte) + " (the frame stays allocated)",
               &where);
      return;
    }
  }
  m.forget_copy(frame);
  std::uint8_t expected = state;
  if (!m.frame_state[frame].compare_exchange_strong(expected, kFree, std::memory_order_acq_rel)) {
    m.report(call + "frame " + std::to_string(frame) + " was freed twice at the same time", &where);
    return;
  }
  m.in_use.fetch_sub(1, std::memory_order_relaxed);
}

namespace {

// Usage checks shared by the entry accessors; true when (table, index) may be used.
bool entry_ok(const Machine::Impl& m, pfn_t table, std::size_t index, const char* call,
              const lab::source_location& where) {
  if (!m.frame_number_ok(table)) {
    const std::string what = std::string(call) + (table == kNoFrame ? ": table is kNoFrame (not a frame)"
                                                                     : ": table frame number beyond the end of physical memory");
    usage_error(what.c_str(), where);
    return false;
  }
  if (index >= kEntries) {
    const std::string what = std::string(call) + ": index " + std::to_string(index) + " >= 512 (use pt_index)";
    usage_error(what.c_str(), where);
    return false;
  }
  return true;
}

// A written entry must point at a real frame (table or page) and go into an allocated table.
bool store_ok(const Machine::Impl& m, pfn_t table, Pte value, const char* call, const lab::source_location& where) {
  if (m.frame_state[table].load(std::memory_order_relaxed) == kFree) {
    const std::string what = std::string(call) + ": frame " + std::to_string(table) + " is not allocated (a freed page table?)";
    usage_error(what.c_str(), where);
    return false;
  }
  if (value.valid() && !m.frame_number_ok(value.frame())) {
    const std::string what = std::string(call) + ": the entry maps frame " + std::to_string(value.frame()) +
                             ", beyond the end of physical memory";
    usage_error(what.c_str(), where);
    return false;
  }
  return true;
}

}  // namespace

Pte Machine::read_pte(pfn_t table, std::size_t index, lab::source_location where) const {
  if (!entry_ok(*impl_, table, index, "read_pte", where)) return Pte{};
  return Pte::from_raw(impl_->entry(table, index).load(std::memory_order_acquire));
}

void Machine::write_pte(pfn_t table, std::size_t index, Pte value, lab::source_location where) {
  Impl& m = *impl_;
  if (!entry_ok(m, table, index, "write_pte", where) || !store_ok(m, table, value, "write_pte", where)) return;
  m.mark_table(table);
  if (value.valid() && !value.leaf()) m.mark_table(value.frame());
  m.entry(table, index).store(value.raw(), std::memory_order_release);
}

bool Machine::cas_pte(pfn_t table, std::size_t index, Pte& expected, Pte desired, lab::source_location where) {
  Impl& m = *impl_;
  if (!entry_ok(m, table, index, "cas_pte", where) || !store_ok(m, table, desired, "cas_pte", where)) return false;
  m.mark_table(table);
  if (desired.valid() && !desired.leaf()) m.mark_table(desired.frame());
  std::uint64_t raw = expected.raw();
  const bool swapped = m.entry(table, index).compare_exchange_strong(raw, desired.raw(), std::memory_order_acq_rel,
                                                                     std::memory_order_acquire);
  expected = Pte::from_raw(raw);
  return swapped;
}

std::byte* Machine::frame_data(pfn_t frame, lab::source_location where) {
  if (impl_->frame_number_ok(frame)) return impl_->frame_bytes(frame);
  usage_error(frame == kNoFrame ? "frame_data(kNoFrame): alloc_frame found no free frame; check its result"
                                : "frame_data: frame number beyond the end of physical memory",
              where);
  return impl_->scratch.data();
}

Pte Machine::translate(pfn_t root, vaddr_t va) const { return impl_->walk(root, va); }

std::size_t Machine::frames_in_use() const noexcept { return impl_->in_use.load(std::memory_order_relaxed); }

std::size_t Machine::table_frames() const noexcept {
  std::size_t tables = 0;
  for (std::size_t f = 0; f < impl_->frames; ++f) tables += impl_->frame_state[f].load(std::memory_order_relaxed) == kTable;
  return tables;
}

std::uint64_t Machine::fills() const noexcept { return impl_->fills.load(std::memory_order_relaxed); }
std::uint64_t Machine::hits() const noexcept { return impl_->hits.load(std::memory_order_relaxed); }
std::uint64_t Machine::faults() const noexcept { return impl_->faults.load(std::memory_order_relaxed); }
std::uint64_t Machine::ipis_sent() const noexcept { return impl_->ipis_sent.load(std::memory_order_relaxed); }
std::uint64_t Machine::ipis_delivered() const noexcept { return impl_->ipis_delivered.load(std::memory_order_relaxed); }
std::uint64_t Machine::stale_findings() const noexcept { return impl_->stale.load(std::memory_order_relaxed); }
std::uint64_t Machine::findings() const noexcept { return impl_->findings.load(std::memory_order_relaxed); }

bool Machine::check_frames_in_use(std::size_t expected, const std::string& after) {
  Impl& m = *impl_;
  const std::size_t now = frames_in_use();
  if (now == expected) return true;
  std::string message;
  if (now > expected) {
    message = "frame leak: " + std::to_string(now - expected) + " frame(s) too many still allocated after " + after +
              " (" + std::to_string(now) + " in use, expected " + std::to_string(expected) + "):";
    int listed = 0;
    for (std::size_t f = 0; f < m.frames && listed < 10; ++f) {
      const std::uint8_t state = m.frame_state[f].load(std::memory_order_relaxed);
      if (state == kFree) continue;
      message += " " + std::to_string(f) + (state == kTable ? " (page table)" : "");
      ++listed;
    }
  } else {
    message = std::to_string(now) + " frames in use after " + after + ", expected " + std::to_string(expected) +
              " (a frame freed that someone still owns?)";
  }
  m.report(message);
  return false;
}

}  // namespace lab::paging
