// Runs a policy (the student's or the reference, through SlotPolicy) over a reference string, the way a
// pager would: owns the slots, calls loaded/referenced/victim/evicted, and records what happened.
#pragma once

#include <cstddef>
#include <vector>

#include "policy_api.hpp"
#include "policy_trace.hpp"

namespace paging_lab {

// `policy` must be fresh, made for `capacity` slots (and, for OPT, told accesses_of(refs)). A miss
// fills the lowest empty slot; victim() is asked only when no slot is empty, and the slot it names is
// then evicted() and loaded(). An unmap of a resident page calls evicted() on its slot. A victim()
// outside 0..capacity-1 ends the trace with Trace::error. `kind` only chooses the display order.
Trace simulate(PolicyKind kind, SlotPolicy& policy, std::size_t capacity, const std::vector<Ref>& refs);

}  // namespace paging_lab
