// The real-threads interpreter loop: the GIL's holder tracked with relaxed atomics, beside the student's code.
#include "real_threads.hpp"

#include <harness/findings.hpp>

#include <atomic>
#include <vector>

namespace gil_lab {
namespace {

using harness::gil::Thread;

// The workload: long enough for thousands of hand-overs, short enough for a test of about a second
// under ThreadSanitizer on a loaded machine.
constexpr int kCpuSteps = 100000;
constexpr int kIos = 200;
constexpr vtime kIoTime = 200 * kUs;
constexpr int kIoWorkSteps = 5;

// Who holds the GIL, kept by the interpreter, not by the GIL under test. Relaxed atomics only: an
// exchange still sees a second holder, but adds no happens-before edge that could hide a race of
// the student's code from ThreadSanitizer.
class HolderBook {
 public:
  void took(int thread) {
    takes_.fetch_add(1, std::memory_order_relaxed);
    const int previous = holder_.exchange(thread, std::memory_order_relaxed);
    if (previous == kNobody) return;
    int none = kNobody;  // the first violation is the one reported
    if (first_taker_.compare_exchange_strong(none, thread, std::memory_order_relaxed))
      first_holder_.store(previous, std::memory_order_relaxed);
  }

  // Before drop(): from here on the GIL is not this thread's (a later holder is not a violation).
  void dropping(int thread) {
    int mine = thread;
    holder_.compare_exchange_strong(mine, kNobody, std::memory_order_relaxed);
  }

  long takes() const { return takes_.load(std::memory_order_relaxed); }
  // The two threads of the first violation, if any (read after the threads have been joined).
  std::optional<std::pair<int, int>> violation() const {
    const int taker = first_taker_.load(std::memory_order_relaxed);
    if (taker == kNobody) return std::nullopt;
    return std::make_pair(taker, first_holder_.load(std::memory_order_relaxed));
  }

 private:
  static constexpr int kNobody = -1;
  std::atomic<int> holder_{kNobody};
  std::atomic<int> first_taker_{kNobody};
  std::atomic<int> first_holder_{kNobody};
  std::atomic<long> takes_{0};
};

// One interpreter thread's calls into the student's GIL, with the book kept around them.
struct Gil {
  GilKind kind;
  void* gil;
  HolderBook& book;

  void take(Thread& t) {
    gil_api().take(kind, gil, t.state());
    book.took(t.id());
  }
  void drop(Thread& t) {
    book.dropping(t.id());
    gil_api().drop(kind, gil, t.state());
  }
  // One step, then ceval's check: drop and take again when told.
  void step(Thread& t) {
    t.step();
    if (!gil_api().eval_breaker(kind, gil, t.state())) return;
    drop(t);
    take(t);
  }
};

void run_cpu(Gil& gil, Thread& t) {
  gil.take(t);
  for (int i = 0; i < kCpuSteps; ++i) gil.step(t);
  gil.drop(t);
}

void run_io(Gil& gil, Thread& t) {
  for (int i = 0; i < kIos; ++i) {
    t.io(kIoTime);
    gil.take(t);
    for (int s = 0; s < kIoWorkSteps; ++s) gil.step(t);
    gil.drop(t);
  }
}

harness::gil::Config real_config() {
  harness::gil::Config config;
  config.real_threads = true;
  config.switch_interval = std::chrono::microseconds(100);
  config.check_interval = 20;
  return config;
}

const char* const kNames[] = {"cpu-0", "io-1", "cpu-2", "io-3"};

}  // namespace

RealRun run_real_threads(GilKind kind) {
  const GilApi& api = gil_api();
  HolderBook book;
  Gil gil{kind, api.create(kind), book};
  harness::gil::VirtualMachine machine(real_config());
  std::vector<harness::gil::VirtualMachine::ThreadSpec> specs;
  for (const char* name : kNames) {
    const bool io = name[0] == 'i';
    specs.push_back({name, [&gil, io](Thread& t) { io ? run_io(gil, t) : run_cpu(gil, t); }});
  }
  machine.run(std::move(specs));
  api.destroy(kind, gil.gil);
  RealRun run{std::string(kind == GilKind::old_gil ? "old" : "new") + " GIL, 2 CPU-bound + 2 I/O-bound threads, real threads",
              book.takes(), std::nullopt};
  if (const auto pair = book.violation())
    run.exclusion = std::string(kNames[pair->first]) + "'s take() returned while " + kNames[pair->second] + " held the GIL";
  return run;
}

bool check_real_exclusion(const RealRun& run) {
  if (!run.exclusion) return true;
  const std::string message = "Two threads held the GIL at once: take() must wait while another thread holds it.\n" +
                              *run.exclusion + " (it had not called drop()).\nIn: " + run.title;
  harness::report({"check", message, "", 0});
  return false;
}

}  // namespace gil_lab
