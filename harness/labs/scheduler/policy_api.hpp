// How the scheduler lab's graded tests get policies: the student's (adapter.cpp) and the reference oracle.
#pragma once

#include <memory>

#include <harness/sched_report.hpp>
#include <lab/sched.hpp>

namespace scheduler_lab {

using harness::sched::PolicyKind;

// A fresh policy of the submission. Implemented by adapter.cpp, the only file of the lab compiled together
// with the student's policies.hpp, so the graded tests compile once per configuration.
std::unique_ptr<lab::sched::Policy> make_policy(PolicyKind kind, const lab::sched::Params& params);

// The harness's own implementation of the handout's rules (oracle.cpp), the expected side of every test.
std::unique_ptr<lab::sched::Policy> make_oracle(PolicyKind kind, const lab::sched::Params& params);

}  // namespace scheduler_lab
