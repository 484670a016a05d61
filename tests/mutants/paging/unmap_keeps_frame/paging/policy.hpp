// Page-replacement policies over the slots of a resident set: FIFO, LRU, CLOCK and OPT (README.md, part 4).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

namespace lab {

enum class PolicyKind { fifo, lru, clock, opt };

// A replacement policy decides which resident page leaves memory when a new one must come in. It sees
// slots, never pages: slot s (0 <= s < capacity) is one frame of the resident set, empty or holding
// one page. The caller (your pager, or the simulator of `./labs paging`) owns the slots and tells the
// policy what happens to them:
//
//   event                         call           slot before   slot after
//   a page comes into slot s      loaded(s)      empty         full
//   an access to the page in s    referenced(s)  full          full
//   memory is full, need a slot   victim()       (every slot full; the policy only answers)
//   the page in s leaves memory   evicted(s)     full          empty
//
// victim() names a full slot and changes nothing else that evicted() will undo: the caller then calls
// evicted() on that slot (and loaded() when the new page is in). evicted() also comes without victim()
// when a page leaves for another reason (unmapped, its address space destroyed): a policy must forget
// the slot then too. An empty slot is always filled before victim() is asked, so victim() is only
// called when every slot is full.
//
// Not thread-safe: the pager calls a policy under its own lock; the simulator from one thread.
class Policy {
 public:
  virtual ~Policy() = default;
  // A page was just loaded into the empty `slot`. The access that faulted it in counts as a reference.
  virtual void loaded(std::size_t slot) = 0;
  // The page in the full `slot` was accessed again (a hit).
  virtual void referenced(std::size_t slot) = 0;
  // The full slot whose page should leave memory. Precondition: every slot is full.
  virtual std::size_t victim() = 0;
  // The page in the full `slot` left memory; the slot is empty until the next loaded(slot).
  virtual void evicted(std::size_t slot) = 0;
};

// First in, first out: the victim is the slot whose page was loaded longest ago. Hits change nothing.
class FifoPolicy final : public Policy {
 public:
  explicit FifoPolicy(std::size_t capacity);
  void loaded(std::size_t slot) override;
  void referenced(std::size_t slot) override;
  std::size_t victim() override;
  void evicted(std::size_t slot) override;

 private:
  std::deque<std::size_t> queue_;  // full slots, oldest load first
};

// Least recently used: the victim is the slot whose page was accessed (loaded or referenced) longest ago.
class LruPolicy final : public Policy {
 public:
  explicit LruPolicy(std::size_t capacity);
  void loaded(std::size_t slot) override;
  void referenced(std::size_t slot) override;
  std::size_t victim() override;
  void evicted(std::size_t slot) override;

 private:
  std::uint64_t now_ = 0;            // counts accesses
  std::vector<std::uint64_t> used_;  // per slot: the access count of its last access; 0 = empty
};

// CLOCK (second chance): one reference bit per slot and a hand over the slots 0, 1, ..., capacity-1, 0, ...
// loaded() and referenced() set the slot's bit; evicted() clears it. victim() looks at the slot under
// the hand: bit set -> clear it and advance; bit clear -> that slot is the victim, and the hand advances
// past it (so the next search starts at the slot after the victim). The hand starts at slot 0.
class ClockPolicy final : public Policy {
 public:
  explicit ClockPolicy(std::size_t capacity);
  void loaded(std::size_t slot) override;
  void referenced(std::size_t slot) override;
  std::size_t victim() override;
  void evicted(std::size_t slot) override;

 private:
  std::vector<bool> referenced_;  // per slot: the reference bit
  std::size_t hand_ = 0;          // the next slot the hand looks at
};

// Belady's optimal policy (OPT, MIN), the yardstick: it knows the whole reference string in advance.
// `future` is the sequence of pages the caller will access; access number k (0-based) is the k-th call
// of loaded() or referenced(), and the page in a slot is the page of the access that loaded it.
// The victim is the slot whose page is next accessed furthest in the future; a page never accessed again
// counts as furthest of all, and among several such pages the one loaded last is the victim (the choice
// OSTEP's paging-policy.py makes, so that `./labs paging -c` agrees with it).
class OptPolicy final : public Policy {
 public:
  OptPolicy(std::size_t capacity, std::vector<std::uint64_t> future);
  void loaded(std::size_t slot) override;
  void referenced(std::size_t slot) override;
  std::size_t victim() override;
  void evicted(std::size_t slot) override;

 private:
  // The index of the next access of `page` after the current one; future_.size() when there is none.
  std::size_t next_use(std::uint64_t page) const;

  std::vector<std::uint64_t> future_;
  std::size_t accesses_ = 0;               // loaded() and referenced() calls so far
  std::vector<std::uint64_t> page_;        // per slot: its page
  std::vector<std::size_t> loaded_at_;     // per slot: 1 + the access that loaded it; 0 = empty
};

// A fresh policy of `kind` for `capacity` slots (capacity >= 1), all empty. `future` is used by OPT only.
std::unique_ptr<Policy> make_policy(PolicyKind kind, std::size_t capacity, std::vector<std::uint64_t> future = {});

}  // namespace lab
