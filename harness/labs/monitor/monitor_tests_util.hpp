// Helpers shared by the monitor lab's graded tests: starting threads, bounded waits, rescuing sleepers.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <harness/harness.hpp>

#include "../mutex/lock_tests_util.hpp"  // for_config, patience, eventually, finishes, idle_for, Budget
#include "monitor_api.hpp"

namespace monitor_lab {

using mutex_lab::Budget;
using mutex_lab::eventually;
using mutex_lab::finishes;
using mutex_lab::for_config;
using mutex_lab::idle_for;
using mutex_lab::patience;
using namespace std::chrono_literals;

using Threads = std::vector<std::unique_ptr<harness::TestThread>>;

// Starts `count` threads named "<name> 0".. running body(i), each only once the previous one is seen
// waiting (a futex_wait or spin) or finished, so that they block one after the other. False (with a
// finding) if one never started waiting.
bool start_waiting_threads(Threads& threads, int count, const std::string& name,
                           const std::function<void(int)>& body, const std::string& inside);

// Number of `threads` that have finished.
int finished_count(const Threads& threads);

// Waits (bounded) for every thread to finish; if they do not, calls `rescue` repeatedly while waiting
// again, so that a test that has already reported its finding can still join its threads.
bool all_finish(const Threads& threads, const std::function<void()>& rescue);

}  // namespace monitor_lab
