// Seeded fault injection for lab::sys: EINTR, short reads and writes, fork EAGAIN, exec ENOENT.
#include "fault_plan.hpp"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>

#include "call_log.hpp"
#include "harness/processes.hpp"
#include "harness/run_context.hpp"
#include "splitmix.hpp"

namespace harness::processes {
namespace {

// The plan as plain data: copied into every child by fork, read without locks. `generation` changes with
// each plan so that every thread restarts its random stream from the plan's seed.
struct ActivePlan {
  std::atomic<bool> active{false};
  std::atomic<unsigned> generation{0};
  double eintr = 0, short_io = 0;
  bool eintr_alternate = false;
  int fail_fork_from = 0, fail_fork_count = 0;
  char fail_exec_program[64] = {};
  std::uint64_t seed = 0;
  std::atomic<int> forks{0};  // lab::sys::fork calls of this process under the plan
};
ActivePlan plan;

// One random stream per thread: deterministic for the test's single calling thread, and no lock that a
// child of a multithreaded parent could inherit held.
double next_unit() noexcept {
  thread_local unsigned generation = ~0u;
  thread_local std::uint64_t state = 0;
  thread_local std::uint64_t thread_number = 0;
  static std::atomic<std::uint64_t> threads{0};
  if (generation != plan.generation.load(std::memory_order_acquire)) {
    generation = plan.generation.load(std::memory_order_acquire);
    if (thread_number == 0) thread_number = threads.fetch_add(1) + 1;
    state = plan.seed ^ splitmix64(thread_number);
  }
  state = splitmix64(state);
  return static_cast<double>(state >> 11) / 9007199254740992.0;
}

bool active() noexcept { return plan.active.load(std::memory_order_acquire); }

// Every other call of each kind (read, write, waitpid, nanosleep) of this thread, counted from the plan's
// start: a caller that does not retry EINTR fails on its first call, whatever the seed, and one that does
// gets through on its next call of that kind.
bool alternate_turn(EintrCall call) noexcept {
  thread_local unsigned generation = ~0u;
  thread_local bool fail_next[kEintrCalls];
  if (generation != plan.generation.load(std::memory_order_acquire)) {
    generation = plan.generation.load(std::memory_order_acquire);
    for (bool& next : fail_next) next = true;
  }
  const bool fail = fail_next[static_cast<int>(call)];
  fail_next[static_cast<int>(call)] = !fail;
  return fail;
}

}  // namespace

bool fault_eintr(EintrCall call) noexcept {
  if (!active()) return false;
  const bool fail = plan.eintr_alternate ? alternate_turn(call) : plan.eintr > 0 && next_unit() < plan.eintr;
  if (!fail) return false;
  shared_log().fault_eintr.fetch_add(1, std::memory_order_relaxed);
  return true;
}

std::size_t fault_short_size(std::size_t size) noexcept {
  if (!active() || plan.short_io <= 0 || size < 2 || next_unit() >= plan.short_io) return size;
  shared_log().fault_short.fetch_add(1, std::memory_order_relaxed);
  return 1 + static_cast<std::size_t>(next_unit() * static_cast<double>(size / 2));
}

bool fault_fork() noexcept {
  if (!active() || plan.fail_fork_count <= 0) return false;
  const int number = plan.forks.fetch_add(1) + 1;
  if (number < plan.fail_fork_from || number >= plan.fail_fork_from + plan.fail_fork_count) return false;
  shared_log().fault_fork.fetch_add(1, std::memory_order_relaxed);
  return true;
}

bool fault_exec(const char* program) noexcept {
  if (!active() || plan.fail_exec_program[0] == '\0' || program == nullptr) return false;
  if (std::strcmp(program, plan.fail_exec_program) != 0) return false;
  shared_log().fault_exec.fetch_add(1, std::memory_order_relaxed);
  return true;
}

FaultPlan::FaultPlan(const FaultRates& rates) {
  plan.eintr = rates.eintr, plan.short_io = rates.short_io, plan.eintr_alternate = rates.eintr_alternate;
  plan.fail_fork_from = rates.fail_fork_from, plan.fail_fork_count = rates.fail_fork_count;
  std::strncpy(plan.fail_exec_program, rates.fail_exec_program.c_str(), sizeof plan.fail_exec_program - 1);
  plan.seed = splitmix64(harness::seed() ^ 0xfa17'5eedULL);
  plan.forks.store(0);
  SharedLog& log = shared_log();
  for (auto* count : {&log.fault_eintr, &log.fault_short, &log.fault_fork, &log.fault_exec}) count->store(0);
  plan.generation.fetch_add(1, std::memory_order_release);
  plan.active.store(true, std::memory_order_release);
}

FaultPlan::~FaultPlan() {
  plan.active.store(false, std::memory_order_release);
  plan.fail_exec_program[0] = '\0';
}

std::string FaultPlan::summary() {
  const SharedLog& log = shared_log();
  return "EINTR x" + std::to_string(log.fault_eintr.load()) + ", short read/write x" + std::to_string(log.fault_short.load()) +
         ", fork EAGAIN x" + std::to_string(log.fault_fork.load()) + ", exec ENOENT x" + std::to_string(log.fault_exec.load());
}

}  // namespace harness::processes
