// The simulated MMU: frame memory, page-table entries, translation and page-fault delivery.
#include "lab/mmu.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>
#include <vector>

#include "lab/usage.hpp"

namespace lab {

std::string describe(const Pte& pte) {
  if (!pte.valid()) return "unmapped";
  std::string text = "frame " + std::to_string(pte.frame()) + " [V";
  if (pte.has(PTE_R)) text += " R";
  if (pte.has(PTE_W)) text += " W";
  if (pte.has(PTE_U)) text += " U";
  if (pte.has(PTE_COW)) text += " COW";
  if (pte.has(PTE_RSW2)) text += " RSW2";
  return text + "]";
}

Process::Process(int pid, std::size_t pages) : pid_(pid), page_count_(pages), table_(new Pte[pages]) {}

Pte& Process::pte(std::size_t page, lab::source_location where) noexcept {
  if (page < page_count_) return table_[page];
  usage_error("Process::pte: page number beyond the end of the page table", where);
  dummy_.clear();
  return dummy_;
}

const Pte& Process::pte(std::size_t page, lab::source_location where) const noexcept {
  return const_cast<Process*>(this)->pte(page, where);
}

// Frame memory is plain bytes on purpose: two CPUs touching the same frame without the kernel having
// ordered them (through its reference counts or allocator lock) is a data race ThreadSanitizer reports.
struct Machine::Impl {
  std::vector<std::byte> memory;
  std::vector<std::byte> scratch;  // what frame_data() hands out for an invalid frame
  FaultHandler handler;
  std::atomic<std::uint64_t> faults{0};
};

Machine::Machine(Config config)
    : frames_(config.frames), page_size_(config.page_size), impl_(std::make_unique<Impl>()) {
  impl_->memory.resize(frames_ * page_size_);
  impl_->scratch.resize(page_size_);
}

Machine::~Machine() = default;

std::byte* Machine::frame_data(frame_t frame, lab::source_location where) noexcept {
  if (frame < frames_) return impl_->memory.data() + static_cast<std::size_t>(frame) * page_size_;
  usage_error(frame == kNoFrame ? "frame_data(lab::kNoFrame): kalloc() found no free frame; check its result"
                                : "frame_data: frame number beyond the end of physical memory",
              where);
  return impl_->scratch.data();
}

void Machine::set_fault_handler(FaultHandler handler) { impl_->handler = std::move(handler); }

std::uint64_t Machine::faults() const noexcept { return impl_->faults.load(std::memory_order_relaxed); }

namespace {

bool allows(const Pte& pte, Access access) {
  const std::uint32_t needed = PTE_V | PTE_U | (access == Access::write ? PTE_W : PTE_R);
  return pte.has(needed);
}

}  // namespace

// The frame bytes backing `va`, faulting at most once; nullptr when the process is (now) killed.
// A second failure after the handler said "retry" kills too: the handler did not fix the mapping.
std::byte* Machine::translate(Process& process, vaddr_t va, Access access) {
  if (process.killed()) return nullptr;
  const std::size_t page = va / page_size_;
  const std::size_t offset = va % page_size_;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (page < process.page_count()) {
      const Pte& pte = process.pte(page);
      if (allows(pte, access) && pte.frame() < frames_) return frame_data(pte.frame()) + offset;
    }
    if (attempt == 1) break;
    impl_->faults.fetch_add(1, std::memory_order_relaxed);
    if (!impl_->handler || !impl_->handler(process, va, access)) break;
  }
  process.set_killed();
  return nullptr;
}

namespace {

// Splits [va, va + size) at page boundaries and calls step(address, bytes_done, chunk) for each piece,
// stopping at the first piece for which it returns false.
template <class Step>
bool for_each_piece(std::size_t page_size, vaddr_t va, std::size_t size, Step step) {
  for (std::size_t done = 0; done < size;) {
    const std::size_t chunk = std::min(size - done, page_size - (va + done) % page_size);
    if (!step(va + done, done, chunk)) return false;
    done += chunk;
  }
  return true;
}

}  // namespace

bool Machine::read(Process& process, vaddr_t va, void* out, std::size_t size) {
  auto* to = static_cast<std::byte*>(out);
  return for_each_piece(page_size_, va, size, [&](vaddr_t at, std::size_t done, std::size_t chunk) {
    const std::byte* from = translate(process, at, Access::read);
    if (from != nullptr) std::memcpy(to + done, from, chunk);
    return from != nullptr;
  });
}

bool Machine::write(Process& process, vaddr_t va, const void* data, std::size_t size) {
  const auto* from = static_cast<const std::byte*>(data);
  return for_each_piece(page_size_, va, size, [&](vaddr_t at, std::size_t done, std::size_t chunk) {
    std::byte* to = translate(process, at, Access::write);
    if (to != nullptr) std::memcpy(to, from + done, chunk);
    return to != nullptr;
  });
}

}  // namespace lab
