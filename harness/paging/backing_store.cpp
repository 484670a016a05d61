// The backing store: one 4 KiB slot per (asid, page), page_in/page_out, double-load and lost-write checks.
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "lab/usage.hpp"
#include "paging_state.hpp"

namespace lab::paging {
namespace {

constexpr std::uint64_t slot_key(asid_t asid, vaddr_t va) {
  return (std::uint64_t{1} << 63) | (std::uint64_t{asid} << 40) | (vpn(va) & tlb::kVpnMask);
}

std::size_t slot_hash(std::uint64_t key, std::size_t count) {
  key ^= key >> 31;
  key *= 0x9e3779b97f4a7c15ULL;
  key ^= key >> 29;
  return static_cast<std::size_t>(key % count);
}

// The slot's page, allocated zeroed on first need. The pointer is published by a release CAS.
std::byte* slot_data(Slot& slot) {
  std::byte* data = slot.data.load(std::memory_order_acquire);
  if (data != nullptr) return data;
  auto* fresh = new std::byte[kPageSize]();
  if (slot.data.compare_exchange_strong(data, fresh, std::memory_order_acq_rel, std::memory_order_acquire)) return fresh;
  delete[] fresh;
  return data;
}

// Usage checks of page_in/page_out; true when the call may proceed.
bool store_call_ok(const Machine::Impl& m, asid_t asid, vaddr_t va, pfn_t frame, const char* call,
                   const lab::source_location& where) {
  std::string what;
  if (asid < 1 || asid > kMaxAsid) {
    what = std::string(call) + ": asid " + std::to_string(asid) + " is not 1..255";
  } else if ((va >> kVaBits) != 0) {
    what = std::string(call) + ": " + hex(va) + " is beyond 48 bits";
  } else if (!m.frame_number_ok(frame)) {
    what = std::string(call) + (frame == kNoFrame ? ": frame is kNoFrame" : ": frame number beyond the end of physical memory");
  } else if (m.frame_state[frame].load(std::memory_order_relaxed) == kFree) {
    what = std::string(call) + ": frame " + std::to_string(frame) + " is not allocated";
  } else {
    return true;
  }
  usage_error(what.c_str(), where);
  return false;
}

}  // namespace

std::uint32_t Machine::Impl::slot_index(asid_t asid, vaddr_t va) const noexcept {
  const std::uint64_t key = slot_key(asid, va);
  const std::size_t start = slot_hash(key, slot_count);
  for (std::size_t probe = 0; probe < slot_count; ++probe) {
    const std::size_t i = (start + probe) % slot_count;
    const std::uint64_t k = slots[i].key.load(std::memory_order_relaxed);
    if (k == key) return static_cast<std::uint32_t>(i);
    if (k == 0) return kNoSlot;
  }
  return kNoSlot;
}

// Open addressing, claimed by relaxed CAS (no edge between CPUs); slots are never released.
std::uint32_t Machine::Impl::slot_index(asid_t asid, vaddr_t va, bool create) noexcept {
  if (!create) return std::as_const(*this).slot_index(asid, va);
  const std::uint64_t key = slot_key(asid, va);
  const std::size_t start = slot_hash(key, slot_count);
  for (std::size_t probe = 0; probe < slot_count; ++probe) {
    const std::size_t i = (start + probe) % slot_count;
    std::uint64_t k = slots[i].key.load(std::memory_order_relaxed);
    if (k == 0 && !slots[i].key.compare_exchange_strong(k, key, std::memory_order_relaxed)) {
      // k now holds the winner's key
    } else if (k == 0) {
      return static_cast<std::uint32_t>(i);
    }
    if (k == key) return static_cast<std::uint32_t>(i);
  }
  return kNoSlot;
}

void Machine::Impl::forget_copy(pfn_t frame) noexcept {
  const std::uint32_t s = frame_slot[frame].exchange(kNoSlot, std::memory_order_relaxed);
  if (s == kNoSlot) return;
  pfn_t expected = frame;
  slots[s].live_frame.compare_exchange_strong(expected, kNoFrame, std::memory_order_relaxed);
}

void Machine::page_in(asid_t asid, vaddr_t page_va, pfn_t frame, lab::source_location where) {
  Impl& m = *impl_;
  if (!store_call_ok(m, asid, page_va, frame, "page_in", where)) return;
  const std::uint32_t s = m.slot_index(asid, page_va, true);
  if (s == kNoSlot) {
    usage_error("page_in: the backing store is full (Machine::Config::store_pages)", where);
    return;
  }
  Slot& slot = m.slots[s];
  const std::string call = "page_in(asid " + std::to_string(asid) + ", " + hex(page_va) + ", frame " + std::to_string(frame) + "): ";
  std::uint64_t e = 0;
  const int cpu = m.find_live_entry([&](std::uint64_t x) { return tlb::frame_of(x) == frame; }, &e);
  if (cpu >= 0) {
    m.report(call + "CPU " + std::to_string(cpu) + "'s TLB still maps " + hex(tlb::va_of(e)) + " (asid " +
                 std::to_string(tlb::asid_of(e)) + ") to frame " + std::to_string(frame) +
                 ", so that CPU would see this page there; shoot the old mapping down first",
             &where);
  }
  const int self = m.bound_cpu();
  // Exchange (not load + store): of two CPUs loading the page at once, the second sees the first's frame.
  const pfn_t previous = slot.live_frame.exchange(frame, std::memory_order_relaxed);
  if (previous != kNoFrame && m.frame_state[previous].load(std::memory_order_relaxed) != kFree &&
      m.frame_slot[previous].load(std::memory_order_relaxed) == s) {
    const int by = slot.in_cpu.load(std::memory_order_relaxed);
    m.report(call + "double load: frame " + std::to_string(previous) + " already holds this page (paged in" +
                 (by >= 0 ? " by CPU " + std::to_string(by) : std::string()) + " at " +
                 site(slot.in_file.load(std::memory_order_relaxed), slot.in_line.load(std::memory_order_relaxed)) +
                 "); two copies of one page diverge",
             &where);
  }
  const std::uint32_t held = m.frame_slot[frame].exchange(s, std::memory_order_relaxed);
  if (held != kNoSlot && held != s) {
    pfn_t expected = frame;
    m.slots[held].live_frame.compare_exchange_strong(expected, kNoFrame, std::memory_order_relaxed);
  }
  slot.in_cpu.store(self, std::memory_order_relaxed);
  slot.in_file.store(where.file_name(), std::memory_order_relaxed);
  slot.in_line.store(where.line(), std::memory_order_relaxed);
  slot.page_ins.fetch_add(1, std::memory_order_relaxed);
  const std::byte* data = slot.data.load(std::memory_order_acquire);
  if (data != nullptr) {
    std::memcpy(m.frame_bytes(frame), data, kPageSize);
  } else {
    std::memset(m.frame_bytes(frame), 0, kPageSize);
  }
}

void Machine::page_out(asid_t asid, vaddr_t page_va, pfn_t frame, lab::source_location where) {
  Impl& m = *impl_;
  if (!store_call_ok(m, asid, page_va, frame, "page_out", where)) return;
  const std::uint32_t s = m.slot_index(asid, page_va, true);
  if (s == kNoSlot) {
    usage_error("page_out: the backing store is full (Machine::Config::store_pages)", where);
    return;
  }
  std::uint64_t e = 0;
  const int cpu = m.find_live_entry(
      [&](std::uint64_t x) {
        return tlb::frame_of(x) == frame && (tlb::perms_of(x) & (tlb::kW | tlb::kD)) == (tlb::kW | tlb::kD);
      },
      &e);
  if (cpu >= 0) {
    m.report("page_out(asid " + std::to_string(asid) + ", " + hex(page_va) + ", frame " + std::to_string(frame) +
                 "): CPU " + std::to_string(cpu) + " can still write " + hex(tlb::va_of(e)) + " (asid " +
                 std::to_string(tlb::asid_of(e)) + ") through its TLB; a write after this copy would be lost. "
                 "Clear the entry and shoot it down before paging out",
             &where);
  }
  std::memcpy(slot_data(m.slots[s]), m.frame_bytes(frame), kPageSize);
  pfn_t expected = frame;  // the store now holds the page: a later page_in is a reload, not a double load
  m.slots[s].live_frame.compare_exchange_strong(expected, kNoFrame, std::memory_order_relaxed);
}

std::uint64_t Machine::page_ins(asid_t asid, vaddr_t va) const noexcept {
  const std::uint32_t s = impl_->slot_index(asid, va);
  return s == kNoSlot ? 0 : impl_->slots[s].page_ins.load(std::memory_order_relaxed);
}

std::uint8_t Machine::stored_byte(asid_t asid, vaddr_t va) const {
  const std::uint32_t s = impl_->slot_index(asid, va);
  if (s == kNoSlot) return 0;
  const std::byte* data = impl_->slots[s].data.load(std::memory_order_acquire);
  return data == nullptr ? 0 : static_cast<std::uint8_t>(data[va & (kPageSize - 1)]);
}

void Machine::set_stored_byte(asid_t asid, vaddr_t va, std::uint8_t value) {
  const std::uint32_t s = impl_->slot_index(asid, va, true);
  if (s == kNoSlot) throw std::length_error("set_stored_byte: the backing store is full");
  slot_data(impl_->slots[s])[va & (kPageSize - 1)] = static_cast<std::byte>(value);
}

}  // namespace lab::paging
