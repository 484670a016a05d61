// The turn-taking workload of the CondVar no-lost-wake-up tests (see take_turns.hpp).
#include "take_turns.hpp"

#include <string>

#include "monitor_tests_util.hpp"

namespace monitor_lab {

void take_turns(long turns) {
  AnyMutex mutex;
  AnyCondVar changed;
  long turn = 0;  // guarded by mutex; player (turn % 2) moves next
  const auto play = [&](int me) {
    for (long i = 0; i < turns; ++i) {
      mutex.lock();
      while (turn % 2 != me) changed.wait(mutex);
      ++turn;
      if (i % 2 == 0) {
        changed.notify_one();
        mutex.unlock();
      } else {
        mutex.unlock();
        changed.notify_one();
      }
      harness::progress();
    }
  };
  {
    harness::TestThread first("player 0", [&] { play(0); });
    harness::TestThread second("player 1", [&] { play(1); });
  }
  if (turn != 2 * turns) {
    harness::fail_check("the players made " + std::to_string(turn) + " moves instead of " +
                        std::to_string(2 * turns) + ": the mutex did not protect `turn` across CondVar::wait()");
  }
}

}  // namespace monitor_lab
