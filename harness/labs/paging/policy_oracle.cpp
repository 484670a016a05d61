// The oracle of the paging lab's policy tests: each policy kept as an ordered list of pages (CLOCK as
// frames and a hand), independent of the slot bookkeeping of solutions/paging/policy.cpp.
#include "policy_oracle.hpp"

#include <algorithm>
#include <optional>

namespace paging_lab {
namespace {

// Memory as the oracle sees it: `order` holds the resident pages in display order (load order, or
// recency for LRU); CLOCK also keeps which frame each page is in, the use bits and the hand.
struct Memory {
  PolicyKind kind;
  std::size_t frames;
  std::vector<std::uint64_t> future;  // OPT: the accesses, in order
  std::size_t now = 0;                // index of the current access in `future`
  std::vector<std::uint64_t> order;
  std::vector<std::optional<std::uint64_t>> frame;  // CLOCK: frame -> page
  std::vector<bool> use;                            // CLOCK: frame -> use bit
  std::size_t hand = 0;

  bool resident(std::uint64_t page) const { return std::find(order.begin(), order.end(), page) != order.end(); }

  void forget(std::uint64_t page) {
    order.erase(std::find(order.begin(), order.end(), page));
    if (kind != PolicyKind::clock) return;
    for (std::size_t f = 0; f < frames; ++f) {
      if (frame[f] == page) {
        frame[f].reset();
        use[f] = false;
      }
    }
  }

  // OPT: when `page` is accessed next after access `now`; future.size() when never.
  std::size_t next_access(std::uint64_t page) const {
    for (std::size_t i = now + 1; i < future.size(); ++i) {
      if (future[i] == page) return i;
    }
    return future.size();
  }

  std::uint64_t choose_victim() {
    switch (kind) {
      case PolicyKind::fifo:
      case PolicyKind::lru: return order.front();
      case PolicyKind::opt: {
        // Scan in load order with >=: the last of the furthest wins (paging-policy.py's tie-break).
        std::uint64_t victim = order.front();
        std::size_t furthest = 0;
        for (std::uint64_t page : order) {
          const std::size_t when = next_access(page);
          if (when >= furthest) {
            victim = page;
            furthest = when;
          }
        }
        return victim;
      }
      case PolicyKind::clock:
        for (;;) {
          const std::size_t f = hand;
          hand = (hand + 1) % frames;
          if (!use[f]) return *frame[f];
          use[f] = false;
        }
    }
    return order.front();
  }

  void load(std::uint64_t page) {
    order.push_back(page);
    if (kind != PolicyKind::clock) return;
    for (std::size_t f = 0; f < frames; ++f) {
      if (!frame[f]) {
        frame[f] = page;
        use[f] = true;
        return;
      }
    }
  }

  void touch(std::uint64_t page) {
    if (kind == PolicyKind::lru) {
      order.erase(std::find(order.begin(), order.end(), page));
      order.push_back(page);
    }
    if (kind == PolicyKind::clock) {
      for (std::size_t f = 0; f < frames; ++f) {
        if (frame[f] == page) use[f] = true;
      }
    }
  }
};

}  // namespace

Trace oracle_trace(PolicyKind kind, std::size_t frames, const std::vector<Ref>& refs) {
  Memory m{kind, frames, accesses_of(refs), 0, {}, std::vector<std::optional<std::uint64_t>>(frames),
           std::vector<bool>(frames, false), 0};
  Trace trace;
  for (const Ref& ref : refs) {
    Step step;
    step.ref = ref;
    if (ref.unmap) {
      if (m.resident(ref.page)) m.forget(ref.page);
    } else if (m.resident(ref.page)) {
      step.hit = true;
      ++trace.hits;
      m.touch(ref.page);
    } else {
      ++trace.misses;
      if (m.order.size() == frames) {
        step.victim = m.choose_victim();
        m.forget(*step.victim);
      }
      m.load(ref.page);
    }
    if (!ref.unmap) ++m.now;
    step.memory = m.order;
    trace.steps.push_back(step);
  }
  return trace;
}

std::vector<std::size_t> misses_by_frames(PolicyKind kind, const std::vector<std::uint64_t>& pages,
                                          std::size_t max_frames) {
  std::vector<std::size_t> misses;
  for (std::size_t frames = 1; frames <= max_frames; ++frames) {
    misses.push_back(oracle_trace(kind, frames, refs_of(pages)).misses);
  }
  return misses;
}

}  // namespace paging_lab
