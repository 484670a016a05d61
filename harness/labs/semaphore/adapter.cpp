// Fills semaphore_lab::SemaphoreApi and BarrierApi with a submission's lab::Semaphore and lab::Barrier.
//
// The only file of the lab compiled together with the student's semaphores.hpp (found through
// -I<staged lab dir>); the graded tests are compiled once per configuration and reach the student only
// through these tables.
#include "semaphores.hpp"

#include "sync_api.hpp"

namespace semaphore_lab {
namespace {

void* create_semaphore(std::uint32_t initial) { return new lab::Semaphore(initial); }
void destroy_semaphore(void* object) { delete static_cast<lab::Semaphore*>(object); }
void acquire(void* object) { static_cast<lab::Semaphore*>(object)->acquire(); }
bool try_acquire(void* object) { return static_cast<lab::Semaphore*>(object)->try_acquire(); }
bool try_acquire_for(void* object, std::chrono::nanoseconds timeout) {
  return static_cast<lab::Semaphore*>(object)->try_acquire_for(timeout);
}
void release(void* object, std::uint32_t n) { static_cast<lab::Semaphore*>(object)->release(n); }

void* create_barrier(std::uint32_t threads) { return new lab::Barrier(threads); }
void destroy_barrier(void* object) { delete static_cast<lab::Barrier*>(object); }
bool arrive_and_wait(void* object) { return static_cast<lab::Barrier*>(object)->arrive_and_wait(); }

}  // namespace

const SemaphoreApi& semaphore_api() {
  static constexpr SemaphoreApi api{&create_semaphore, &destroy_semaphore, &acquire,
                                    &try_acquire,      &try_acquire_for,   &release};
  return api;
}

const BarrierApi& barrier_api() {
  static constexpr BarrierApi api{&create_barrier, &destroy_barrier, &arrive_and_wait};
  return api;
}

}  // namespace semaphore_lab
