// The uthreads lab's test fixture: the simulated CPU (lab::hw::Machine) plus the student's library on it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <lab/uthread_hw.hpp>

#include "threads_api.hpp"

namespace uthreads_lab {

// One test's CPU and threads library. The test's thread becomes user thread 0. Create it first in a
// test and let it die last; the library object is destroyed before the machine.
//
// Code that runs while the timer ticks must not allocate (a tick could switch threads inside malloc):
// thread bodies record into an EventLog and the test checks everything after stop_timer().
class World {
 public:
  struct Options {
    bool priority_policy = false;
    std::uint32_t quantum = 2;
    int main_priority = 5;
    // No timer: ticks come only from tick() and from halts (Machine::use_deterministic_time), so every
    // tick count the test sees depends on the schedule alone, never on wall time or load.
    bool deterministic_time = false;
  };
  World();
  explicit World(Options options);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // The World of the running test (thread bodies are plain functions).
  static World& current();

  int create(ThreadBody body, void* arg, int priority = 5);
  void yield();
  void join(int id);
  void sleep(std::uint64_t ticks);
  int self();

  // A mutex of the student's, destroyed with the World.
  void* new_mutex();
  void lock(void* mutex);
  void unlock(void* mutex);

  void start_timer(std::uint32_t period_us) { machine_.start_timer(period_us); }
  void stop_timer() { machine_.stop_timer(); }
  // One timer tick, now (interrupts must be on for it to be handled at once).
  void tick() { machine_.tick(); }
  lab::hw::Machine& machine() { return machine_; }

 private:
  static void on_tick(void* world);
  const ThreadsApi& api_;
  lab::hw::Machine machine_;
  void* threads_ = nullptr;
  std::vector<void*> mutexes_;
};

// A fixed-capacity log of small integers that threads append to without allocating.
class EventLog {
 public:
  static constexpr std::size_t kCapacity = 4096;
  void add(int event) noexcept;
  std::vector<int> events() const;
  std::size_t size() const noexcept { return std::min(size_.load(), kCapacity); }

 private:
  std::atomic<std::size_t> size_{0};
  int events_[kCapacity] = {};
};

// "[1, 2, 3]" for messages.
std::string to_string(const std::vector<int>& values);

// The parts of a message, streamed together: msg("thread ", 3, " woke early").
template <class... Parts>
std::string msg(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

// Fails the test with `message` (a "check" finding whose first line the student sees) unless `ok`.
bool check(bool ok, const std::string& message);

}  // namespace uthreads_lab
