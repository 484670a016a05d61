// Your page-replacement policies: FIFO, LRU, CLOCK and OPT over the slots of a resident set (README.md, part 4).
#include "policy.hpp"

#include <utility>

#include <lab/todo.hpp>

namespace lab {

// ---- FifoPolicy ----

FifoPolicy::FifoPolicy(std::size_t) {}
void FifoPolicy::loaded(std::size_t) { lab::todo("FifoPolicy::loaded"); }
void FifoPolicy::referenced(std::size_t) { lab::todo("FifoPolicy::referenced"); }
std::size_t FifoPolicy::victim() { lab::todo("FifoPolicy::victim"); }
void FifoPolicy::evicted(std::size_t) { lab::todo("FifoPolicy::evicted"); }

// ---- LruPolicy ----

LruPolicy::LruPolicy(std::size_t) {}
void LruPolicy::loaded(std::size_t) { lab::todo("LruPolicy::loaded"); }
void LruPolicy::referenced(std::size_t) { lab::todo("LruPolicy::referenced"); }
std::size_t LruPolicy::victim() { lab::todo("LruPolicy::victim"); }
void LruPolicy::evicted(std::size_t) { lab::todo("LruPolicy::evicted"); }

// ---- ClockPolicy ----

ClockPolicy::ClockPolicy(std::size_t) {}
void ClockPolicy::loaded(std::size_t) { lab::todo("ClockPolicy::loaded"); }
void ClockPolicy::referenced(std::size_t) { lab::todo("ClockPolicy::referenced"); }
std::size_t ClockPolicy::victim() { lab::todo("ClockPolicy::victim"); }
void ClockPolicy::evicted(std::size_t) { lab::todo("ClockPolicy::evicted"); }

// ---- OptPolicy ----

OptPolicy::OptPolicy(std::size_t, std::vector<std::uint64_t> future) : future_(std::move(future)) {}
void OptPolicy::loaded(std::size_t) { lab::todo("OptPolicy::loaded"); }
void OptPolicy::referenced(std::size_t) { lab::todo("OptPolicy::referenced"); }
std::size_t OptPolicy::victim() { lab::todo("OptPolicy::victim"); }
void OptPolicy::evicted(std::size_t) { lab::todo("OptPolicy::evicted"); }

// ---- make_policy (given) ----

std::unique_ptr<Policy> make_policy(PolicyKind kind, std::size_t capacity, std::vector<std::uint64_t> future) {
  switch (kind) {
    case PolicyKind::fifo: return std::make_unique<FifoPolicy>(capacity);
    case PolicyKind::lru: return std::make_unique<LruPolicy>(capacity);
    case PolicyKind::clock: return std::make_unique<ClockPolicy>(capacity);
    case PolicyKind::opt: return std::make_unique<OptPolicy>(capacity, std::move(future));
  }
  return nullptr;
}

}  // namespace lab
