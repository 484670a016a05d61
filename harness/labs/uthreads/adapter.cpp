// Fills uthreads_lab::ThreadsApi with a submission's lab::Threads and lab::Mutex, and installs its switch.
//
// The only file of the lab compiled together with the student's uthread.hpp (found through -I<staged lab
// dir>); the graded tests are compiled once per configuration and call the student only through this table.
#include "uthread.hpp"

#include "threads_api.hpp"

namespace uthreads_lab {
namespace {

lab::Threads& threads(void* object) { return *static_cast<lab::Threads*>(object); }

void* create_threads(bool priority_policy, std::uint32_t quantum, int main_priority) {
  lab::Threads::Config config;
  config.policy = priority_policy ? lab::Policy::priority : lab::Policy::round_robin;
  config.quantum = quantum;
  config.main_priority = main_priority;
  return new lab::Threads(config);
}

void destroy_threads(void* object) { delete static_cast<lab::Threads*>(object); }
int create(void* object, ThreadBody body, void* arg, int priority) { return threads(object).create(body, arg, priority); }
void yield(void* object) { threads(object).yield(); }
void join(void* object, int id) { threads(object).join(id); }
void sleep(void* object, std::uint64_t ticks) { threads(object).sleep(ticks); }
int self(void* object) { return threads(object).self(); }
void tick(void* object) { threads(object).on_timer_tick(); }
void* create_mutex(void* object) { return new lab::Mutex(threads(object)); }
void destroy_mutex(void* mutex) { delete static_cast<lab::Mutex*>(mutex); }
void lock(void* mutex) { static_cast<lab::Mutex*>(mutex)->lock(); }
void unlock(void* mutex) { static_cast<lab::Mutex*>(mutex)->unlock(); }

}  // namespace

const ThreadsApi& threads_api() {
  static constexpr ThreadsApi api{&create_threads, &destroy_threads, &create, &yield, &join, &sleep,
                                  &self, &tick, &create_mutex, &destroy_mutex, &lock, &unlock};
  lab::hw::install_switch(&uthread_switch);
  return api;
}

}  // namespace uthreads_lab
