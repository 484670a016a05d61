// The slot-owning driver of a replacement policy over a reference string (a pager without page tables).
#include "policy_sim.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace paging_lab {
namespace {

struct Slots {
  std::vector<std::optional<std::uint64_t>> page;  // slot -> its page
  std::vector<std::size_t> loaded_at, used_at;     // slot -> event count of its load, of its last access

  std::optional<std::size_t> find(std::uint64_t p) const {
    for (std::size_t s = 0; s < page.size(); ++s) {
      if (page[s] == p) return s;
    }
    return std::nullopt;
  }

  std::optional<std::size_t> empty_slot() const {
    for (std::size_t s = 0; s < page.size(); ++s) {
      if (!page[s]) return s;
    }
    return std::nullopt;
  }

  // Resident pages in the display order of `kind` (load order; LRU: last access order).
  std::vector<std::uint64_t> memory(PolicyKind kind) const {
    std::vector<std::size_t> full;
    for (std::size_t s = 0; s < page.size(); ++s) {
      if (page[s]) full.push_back(s);
    }
    const auto& stamp = kind == PolicyKind::lru ? used_at : loaded_at;
    std::sort(full.begin(), full.end(), [&](std::size_t a, std::size_t b) { return stamp[a] < stamp[b]; });
    std::vector<std::uint64_t> pages;
    for (std::size_t s : full) pages.push_back(*page[s]);
    return pages;
  }
};

}  // namespace

Trace simulate(PolicyKind kind, SlotPolicy& policy, std::size_t capacity, const std::vector<Ref>& refs) {
  Slots slots{std::vector<std::optional<std::uint64_t>>(capacity), std::vector<std::size_t>(capacity, 0),
              std::vector<std::size_t>(capacity, 0)};
  Trace trace;
  std::size_t clock = 0;
  for (const Ref& ref : refs) {
    ++clock;
    Step step;
    step.ref = ref;
    const std::optional<std::size_t> at = slots.find(ref.page);
    if (ref.unmap) {
      if (at) {
        policy.evicted(*at);
        slots.page[*at].reset();
      }
    } else if (at) {
      step.hit = true;
      ++trace.hits;
      policy.referenced(*at);
      slots.used_at[*at] = clock;
    } else {
      ++trace.misses;
      std::optional<std::size_t> slot = slots.empty_slot();
      if (!slot) {
        const std::size_t v = policy.victim();
        if (v >= capacity) {
          trace.error = "victim() returned slot " + std::to_string(v) + ", but the slots are 0.." +
                        std::to_string(capacity - 1) + " (all full)";
          return trace;
        }
        step.victim = slots.page[v];
        step.victim_slot = v;
        policy.evicted(v);
        slots.page[v].reset();
        slot = v;
      }
      slots.page[*slot] = ref.page;
      slots.loaded_at[*slot] = slots.used_at[*slot] = clock;
      policy.loaded(*slot);
    }
    step.memory = slots.memory(kind);
    trace.steps.push_back(step);
  }
  return trace;
}

}  // namespace paging_lab
