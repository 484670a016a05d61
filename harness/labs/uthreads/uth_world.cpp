// The uthreads lab's test fixture: machine + library setup and teardown, the event log.
#include "uth_world.hpp"

#include <algorithm>
#include <stdexcept>

#include <harness/harness.hpp>

namespace uthreads_lab {
namespace {

World* current_world = nullptr;

}  // namespace

World::World() : World(Options{}) {}

World::World(Options options) : api_(threads_api()), machine_(&World::on_tick, this) {
  if (current_world != nullptr) throw std::logic_error("one uthreads_lab::World at a time");
  if (options.deterministic_time) machine_.use_deterministic_time();
  threads_ = api_.create_threads(options.priority_policy, options.quantum, options.main_priority);
  current_world = this;
}

World::~World() {
  machine_.stop_timer();
  for (void* mutex : mutexes_) api_.destroy_mutex(mutex);
  void* threads = threads_;
  threads_ = nullptr;  // a late tick must not reach a half-destroyed library
  api_.destroy_threads(threads);
  current_world = nullptr;
}

World& World::current() { return *current_world; }

void World::on_tick(void* world) {
  auto* self = static_cast<World*>(world);
  if (self->threads_ != nullptr) self->api_.tick(self->threads_);
}

int World::create(ThreadBody body, void* arg, int priority) { return api_.create(threads_, body, arg, priority); }
void World::yield() { api_.yield(threads_); }
void World::join(int id) { api_.join(threads_, id); }
void World::sleep(std::uint64_t ticks) { api_.sleep(threads_, ticks); }
int World::self() { return api_.self(threads_); }

void* World::new_mutex() {
  lab::InterruptsOff off;
  mutexes_.push_back(api_.create_mutex(threads_));
  return mutexes_.back();
}

void World::lock(void* mutex) { api_.lock(mutex); }
void World::unlock(void* mutex) { api_.unlock(mutex); }

void EventLog::add(int event) noexcept {
  const std::size_t at = size_.fetch_add(1);
  if (at < kCapacity) events_[at] = event;
}

std::vector<int> EventLog::events() const { return {events_, events_ + size()}; }

std::string to_string(const std::vector<int>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + std::to_string(values[i]);
  return out + "]";
}

bool check(bool ok, const std::string& message) {
  if (!ok) harness::fail_check(message);
  return ok;
}

}  // namespace uthreads_lab
