// TestThread and ThreadProbe: threads the harness can name, count and time.
#include "harness/test_thread.hpp"

#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "controlled_runtime.hpp"
#include "harness/findings.hpp"
#include "thread_registry.hpp"
#include "wait_notes.hpp"

namespace harness {

ThreadProbe::ThreadProbe(std::shared_ptr<ThreadState> state) noexcept : state_(std::move(state)) {}
std::uint64_t ThreadProbe::wait_ops() const noexcept { return state_->wait_ops.get(); }
std::uint64_t ThreadProbe::futex_waits() const noexcept { return state_->futex_waits.get(); }
std::uint64_t ThreadProbe::futex_wakes() const noexcept { return state_->futex_wakes.get(); }
std::uint64_t ThreadProbe::usage_errors() const noexcept { return state_->usage_errors.get(); }
std::chrono::nanoseconds ThreadProbe::cpu_time() const noexcept { return state_->cpu_time(); }
bool ThreadProbe::finished() const noexcept { return state_->finished.load(std::memory_order_acquire); }

struct TestThread::Impl {
  explicit Impl(std::shared_ptr<ThreadState> state) : probe(state) {}
  ThreadProbe probe;
  std::thread thread;
  int controlled_id = -1;  // its id in the controlled schedule, -1 outside one
};

namespace {

// Runs on the new thread: binds its record, runs the body, turns an escaping exception into a finding
// (an exception leaving a std::thread would terminate the whole test process).
void run_test_thread(const std::shared_ptr<ThreadState>& state, const std::function<void()>& body,
                     int controlled_id) {
  state->attach_to_current_thread();
  controlled::thread_started(controlled_id);
  try {
    body();
  } catch (const std::exception& error) {
    report({"exception", state->name + " threw an exception: " + error.what(), "", 0});
  } catch (...) {
    report({"exception", state->name + " threw an exception that is not a std::exception", "", 0});
  }
  state->mark_finished();
  controlled::thread_finished();
}

}  // namespace

TestThread::TestThread(std::string name, std::function<void()> body) {
  auto state = register_thread(std::move(name));
  impl_ = std::make_unique<Impl>(state);
  // Registered by the creator, so ids follow the (deterministic) creation order.
  const int controlled_id = controlled::add_thread(state->name);
  impl_->controlled_id = controlled_id;
  impl_->thread =
      std::thread([state, body = std::move(body), controlled_id] { run_test_thread(state, body, controlled_id); });
}

TestThread::~TestThread() { join(); }

void TestThread::join() {
  if (!impl_->thread.joinable()) return;
  controlled::join(impl_->controlled_id);
  impl_->thread.join();
}

const ThreadProbe& TestThread::probe() const noexcept { return impl_->probe; }

ThreadProbe current_thread_probe() { return ThreadProbe(current_thread_state_shared()); }

}  // namespace harness

// ---- WaitNote and ForcedSpuriousWakeups (see harness/test_thread.hpp) ---------------------------------

namespace harness {
namespace {

// One thread's note. Its mutex is shared only by the owner and the watchdog, never by two test threads.
struct NoteSlot {
  std::mutex mutex;
  std::string what;
  std::string waits_for;
  bool active = false;
  std::weak_ptr<ThreadState> thread;
};

struct NoteRegistry {
  std::mutex mutex;
  std::vector<std::shared_ptr<NoteSlot>> slots;
};

NoteRegistry& note_registry() {
  static NoteRegistry registry;
  return registry;
}

NoteSlot& own_slot() {
  thread_local std::shared_ptr<NoteSlot> slot;
  if (!slot) {
    slot = std::make_shared<NoteSlot>();
    slot->thread = current_thread_state_shared();
    NoteRegistry& registry = note_registry();
    std::lock_guard guard(registry.mutex);
    registry.slots.push_back(slot);
  }
  return *slot;
}

std::atomic<int> forced_spurious_scopes{0};

using WaitEdges = std::map<std::string, std::pair<std::string, std::string>>;  // thread -> (what, waits on)

// Follows "waits on" edges from `start`; the cycle's text if it comes back to `start`.
std::string cycle_from(const std::string& start, const WaitEdges& edges) {
  std::string text = start;
  std::string at = start;
  for (std::size_t hops = 0; hops <= edges.size(); ++hops) {
    const auto edge = edges.find(at);
    if (edge == edges.end() || edge->second.second.empty()) return {};
    text += " waits for " + edge->second.first + " held by " + edge->second.second;
    at = edge->second.second;
    if (at == start) return text;
    text += " -> " + at;
  }
  return {};
}

}  // namespace

WaitNote::WaitNote(std::string what, std::string waits_for) {
  NoteSlot& slot = own_slot();
  std::lock_guard guard(slot.mutex);
  slot.what = std::move(what);
  slot.waits_for = std::move(waits_for);
  slot.active = true;
}

WaitNote::~WaitNote() {
  NoteSlot& slot = own_slot();
  std::lock_guard guard(slot.mutex);
  slot.active = false;
}

ForcedSpuriousWakeups::ForcedSpuriousWakeups() noexcept { forced_spurious_scopes.fetch_add(1); }
ForcedSpuriousWakeups::~ForcedSpuriousWakeups() { forced_spurious_scopes.fetch_sub(1); }

bool forced_spurious_return() noexcept {
  if (forced_spurious_scopes.load(std::memory_order_relaxed) == 0) return false;
  thread_local unsigned calls = 0;
  return ++calls % 2 == 1;
}

namespace {

// The active WaitNotes of live threads, as thread -> (what, waits on).
WaitEdges active_wait_edges() {
  WaitEdges edges;
  NoteRegistry& registry = note_registry();
  std::lock_guard guard(registry.mutex);
  for (const auto& slot : registry.slots) {
    const auto thread = slot->thread.lock();
    if (!thread || thread->finished.load(std::memory_order_acquire)) continue;
    std::lock_guard slot_guard(slot->mutex);
    if (slot->active) edges[thread->name] = {slot->what, slot->waits_for};
  }
  return edges;
}

std::string first_cycle(const WaitEdges& edges) {
  for (const auto& [name, edge] : edges) {
    if (std::string cycle = cycle_from(name, edges); !cycle.empty()) return cycle;
  }
  return {};
}

}  // namespace

std::string wait_cycle() { return first_cycle(active_wait_edges()); }

std::string describe_wait_notes() {
  const WaitEdges edges = active_wait_edges();
  if (edges.empty()) return {};
  std::string text = "\nWhat the test's threads wait for:";
  for (const auto& [name, edge] : edges) {
    text += "\n  " + name + " waits for " + edge.first + (edge.second.empty() ? "" : " (" + edge.second + ")");
  }
  if (const std::string cycle = first_cycle(edges); !cycle.empty()) text += "\nCycle: " + cycle;
  return text;
}

}  // namespace harness
