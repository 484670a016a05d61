// The interpreter loop (ceval's eval_breaker check, Py_BEGIN/END_ALLOW_THREADS) and its trace of the GIL.
#include "interpreter.hpp"

#include <algorithm>

namespace gil_lab {
namespace {

using harness::gil::Thread;

// Records what happens to the GIL while the threads of one scenario run. Only the thread holding
// the machine's baton touches it, so it needs no lock of its own.
class Recorder {
 public:
  Recorder(const Scenario& scenario, void* gil) : gil_(gil) {
    trace_.scenario = scenario;
    const std::size_t n = scenario.threads.size();
    trace_.steps.assign(n, 0);
    trace_.finished_at.assign(n, 0);
    trace_.breaker_gaps.assign(n, {});
    in_take_.assign(n, false);
    steps_since_breaker_.assign(n, 0);
  }

  // Py_END_ALLOW_THREADS / the thread's start: take() until it returns, then it holds the GIL.
  void take(Thread& t) {
    const Take started{t.id(), t.now(), 0, t.cpu(), {}};
    in_take_[t.id()] = true;
    gil_api().take(kind(), gil_, t.state());
    in_take_[t.id()] = false;
    Take done = started;
    done.returned = t.now();
    done.cpu = t.cpu() - started.cpu;
    done.poll_site = t.last_poll_site();
    if (done.poll_site.what.empty()) done.poll_site = t.last_site();
    trace_.takes.push_back(done);
    if (holder_ >= 0 && !trace_.exclusion) {
      trace_.exclusion = t.name() + "'s take() returned at t=" + format_us(t.now()) + " while " + name(holder_) +
                         " held the GIL (its take() returned at t=" + format_us(holder_since_) + " and it has not called drop())";
    }
    holder_ = t.id();
    holder_since_ = t.now();
    hold_steps_ = 0;
    steps_since_breaker_[t.id()] = 0;
  }

  // Py_BEGIN_ALLOW_THREADS / the thread's end: the GIL is no longer this thread's from here on.
  void drop(Thread& t, bool by_breaker) {
    trace_.holds.push_back(Hold{t.id(), holder_since_, t.now(), hold_steps_, by_breaker});
    if (holder_ == t.id()) holder_ = -1;
    gil_api().drop(kind(), gil_, t.state());
  }

  // One bytecode step, then ceval's check at the instruction boundary: drop and take again if told.
  void step(Thread& t) {
    t.step();
    ++trace_.steps[t.id()];
    ++hold_steps_;
    ++steps_since_breaker_[t.id()];
    ++global_steps_since_breaker_;
    if (!gil_api().eval_breaker(kind(), gil_, t.state())) return;
    trace_.breakers.push_back(Breaker{t.id(), t.now(), holder_since_, trace_.takes.size(), waiting()});
    trace_.breaker_gaps[t.id()].push_back(steps_since_breaker_[t.id()]);
    trace_.global_breaker_gaps.push_back(global_steps_since_breaker_);
    global_steps_since_breaker_ = 0;
    drop(t, true);
    take(t);
  }

  void io_ready(Thread& t, vtime ready) { trace_.responses.push_back(Response{t.id(), ready, t.now()}); }

  void finished(Thread& t) {
    trace_.finished_at[t.id()] = t.now();
    if (trace_.steps_before_first_exit.empty()) trace_.steps_before_first_exit = trace_.steps;
  }

  RunTrace release(vtime end) {
    trace_.end = end;
    return std::move(trace_);
  }

 private:
  GilKind kind() const { return trace_.scenario.kind; }
  const std::string& name(int id) const { return trace_.scenario.threads[id].name; }
  std::vector<int> waiting() const {
    std::vector<int> ids;
    for (std::size_t i = 0; i < in_take_.size(); ++i)
      if (in_take_[i]) ids.push_back(static_cast<int>(i));
    return ids;
  }
  static std::string format_us(vtime t) { return std::to_string(t / kUs) + " us"; }

  void* gil_;
  RunTrace trace_;
  int holder_ = -1;
  vtime holder_since_ = 0;
  int hold_steps_ = 0;
  std::vector<bool> in_take_;
  std::vector<int> steps_since_breaker_;
  int global_steps_since_breaker_ = 0;
};

// A CPU-bound thread: take the GIL, run, drop it when told to and at the end.
void run_cpu(Recorder& rec, Thread& t, const ThreadPlan& plan) {
  rec.take(t);
  for (int i = 0; i < plan.steps; ++i) rec.step(t);
  rec.finished(t);
  rec.drop(t, false);
}

// An I/O-bound thread: block in I/O without the GIL, then take it and handle what arrived.
void run_io(Recorder& rec, Thread& t, const ThreadPlan& plan) {
  for (int i = 0; i < plan.ios; ++i) {
    t.io(plan.io_time);
    const vtime ready = t.now();
    rec.take(t);
    rec.io_ready(t, ready);
    for (int s = 0; s < plan.work_steps; ++s) rec.step(t);
    if (i + 1 == plan.ios) rec.finished(t);
    rec.drop(t, false);
  }
}

}  // namespace

ThreadPlan cpu_bound(std::string name, int steps) { return ThreadPlan{std::move(name), steps, 0, 0, 0}; }

ThreadPlan io_bound(std::string name, int ios, vtime io_time, int work_steps) {
  return ThreadPlan{std::move(name), 0, ios, work_steps, io_time};
}

RunTrace run_scenario(const Scenario& scenario) {
  const GilApi& api = gil_api();
  void* gil = api.create(scenario.kind);
  Recorder rec(scenario, gil);
  harness::gil::VirtualMachine machine(scenario.config);
  std::vector<harness::gil::VirtualMachine::ThreadSpec> specs;
  for (const ThreadPlan& plan : scenario.threads) {
    specs.push_back({plan.name, [&rec, &plan](Thread& t) {
                       if (plan.io_bound()) run_io(rec, t, plan);
                       else run_cpu(rec, t, plan);
                     }});
  }
  machine.run(std::move(specs));
  api.destroy(scenario.kind, gil);
  return rec.release(machine.end_time());
}

}  // namespace gil_lab
