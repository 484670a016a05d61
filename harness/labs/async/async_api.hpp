// The table through which the async lab's graded tests call a submission (filled in by adapter.cpp).
#pragma once

#include "scenario.hpp"

namespace async_lab {

struct AsyncApi {
  // Builds the student's EventLoop, runs script 0 of `scenario` with run_until_complete, destroys every
  // task and the loop, and reports what happened.
  Outcome (*run)(const Scenario& scenario, const Probes& probes);
};

const AsyncApi& async_api();

}  // namespace async_lab
