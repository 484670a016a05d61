// The gil lab's checks on a run's trace: each reports a finding (with the run's table) and returns false.
#pragma once

#include <string>

#include "interpreter.hpp"

namespace gil_lab {

// Slack for the bookkeeping calls of a correct take/drop (100 calls of lab::gil).
inline constexpr vtime kCallSlack = 100 * harness::gil::kCallCost;
// The longest a waiter of a correct new GIL waits with one other thread running: its interval, the
// holder's step to the next boundary, two wake-ups (the waiter's, then the dropper's) and the slack.
vtime new_gil_wait_bound(const RunTrace& run);

// Both GILs.
bool check_exclusion(const RunTrace& run);
bool check_waiters_sleep(const RunTrace& run);

// The old GIL.
bool check_breaks_exactly_every_interval(const RunTrace& run);  // one thread: every check_interval steps
bool check_breaks_at_most_every_interval(const RunTrace& run);  // no thread runs longer without a break
bool check_convoy(const RunTrace& run);                         // the I/O thread waits ≫ one check interval

// The new GIL.
bool check_full_interval(const RunTrace& run);     // a drop request only from a waiter, after a full interval of holding
bool check_forced_switching(const RunTrace& run);  // after a requested drop, another thread takes it next
bool check_switches_happen(const RunTrace& run);   // CPU-bound threads do get the GIL while others run
bool check_fair_shares(const RunTrace& run, double tolerance);
bool check_wait_bounded(const RunTrace& run);      // every wait for the GIL ≤ new_gil_wait_bound
bool check_io_response(const RunTrace& run);       // every I/O response ≤ new_gil_wait_bound, all done in time

}  // namespace gil_lab
