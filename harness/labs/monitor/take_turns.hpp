// The turn-taking workload shared by the plain and the controlled no-lost-wake-up tests of lab::CondVar.
#pragma once

namespace monitor_lab {

// Two players ("player 0", "player 1") take `turns` turns each through one mutex and one condition
// variable, notifying right after they set the predicate (alternately inside and outside the mutex).
// A wait that releases the mutex before it reads the condition variable's state can miss that notify:
// both players then sleep (a deadlock, for the watchdog or the controlled scheduler). Fails the check
// if the moves do not add up (the mutex did not protect the predicate across wait()).
void take_turns(long turns);

}  // namespace monitor_lab
