// Everything a lab's graded tests use from the harness.
#pragma once

#include "harness/checkers.hpp"
#include "harness/expect_usage.hpp"
#include "harness/findings.hpp"
#include "harness/run_context.hpp"
#include "harness/stress.hpp"
#include "harness/test_thread.hpp"
