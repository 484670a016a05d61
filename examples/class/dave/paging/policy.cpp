// My page-replacement policies: FIFO, LRU, CLOCK and OPT over the slots of a resident set.
#include "policy.hpp"

#include <algorithm>
#include <utility>

namespace lab {

// ---- FifoPolicy ----

FifoPolicy::FifoPolicy(std::size_t) {}

void FifoPolicy::loaded(std::size_t slot) { queue_.push_back(slot); }

// A hit does not change the order of arrival: re-queueing here would make FIFO into LRU.
void FifoPolicy::referenced(std::size_t) {}

std::size_t FifoPolicy::victim() { return queue_.front(); }

// Usually the front (the victim just named), but an unmapped page can leave from anywhere in the queue.
void FifoPolicy::evicted(std::size_t slot) {
  const auto it = std::find(queue_.begin(), queue_.end(), slot);
  if (it != queue_.end()) queue_.erase(it);
}

// ---- LruPolicy ----

LruPolicy::LruPolicy(std::size_t capacity) : used_(capacity, 0) {}

void LruPolicy::loaded(std::size_t slot) { used_[slot] = ++now_; }

void LruPolicy::referenced(std::size_t slot) { used_[slot] = ++now_; }

// The full slot with the oldest last access (used_ is 0 only for empty slots, and none is empty here).
std::size_t LruPolicy::victim() {
  std::size_t best = 0;
  for (std::size_t s = 1; s < used_.size(); ++s) {
    if (used_[s] != 0 && (used_[best] == 0 || used_[s] < used_[best])) best = s;
  }
  return best;
}

void LruPolicy::evicted(std::size_t slot) { used_[slot] = 0; }

// ---- ClockPolicy ----

ClockPolicy::ClockPolicy(std::size_t capacity) : referenced_(capacity, false) {}

void ClockPolicy::loaded(std::size_t slot) { referenced_[slot] = true; }

void ClockPolicy::referenced(std::size_t slot) { referenced_[slot] = true; }

// Terminates within two turns of the hand: the first turn clears every bit it passes.
std::size_t ClockPolicy::victim() {
  for (;;) {
    const std::size_t slot = hand_;
    hand_ = (hand_ + 1) % referenced_.size();
    if (!referenced_[slot]) return slot;
    referenced_[slot] = false;  // second chance: passed over once, evicted next time unless used again
  }
}

void ClockPolicy::evicted(std::size_t slot) { referenced_[slot] = false; }

// ---- OptPolicy ----

OptPolicy::OptPolicy(std::size_t capacity, std::vector<std::uint64_t> future)
    : future_(std::move(future)), page_(capacity, 0), loaded_at_(capacity, 0) {}

void OptPolicy::loaded(std::size_t slot) {
  page_[slot] = accesses_ < future_.size() ? future_[accesses_] : 0;
  loaded_at_[slot] = ++accesses_;
}

void OptPolicy::referenced(std::size_t) { ++accesses_; }

// Called during access number accesses_ (a miss, so its page is in no slot): search from there on.
std::size_t OptPolicy::next_use(std::uint64_t page) const {
  for (std::size_t i = accesses_; i < future_.size(); ++i) {
    if (future_[i] == page) return i;
  }
  return future_.size();
}

std::size_t OptPolicy::victim() {
  bool found = false;
  std::size_t best = 0, best_use = 0;
  for (std::size_t s = 0; s < page_.size(); ++s) {
    if (loaded_at_[s] == 0) continue;
    const std::size_t use = next_use(page_[s]);
    // Later use wins; among pages never used again (equal uses), the one loaded last.
    if (!found || use > best_use || (use == best_use && loaded_at_[s] > loaded_at_[best])) {
      found = true;
      best = s;
      best_use = use;
    }
  }
  return best;
}

void OptPolicy::evicted(std::size_t slot) { loaded_at_[slot] = 0; }

// ---- make_policy ----

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
