// A type-erased view of the student's Semaphore and Barrier, so the graded tests compile once per configuration.
#pragma once

#include <chrono>
#include <cstdint>

namespace semaphore_lab {

// Operations on lab::Semaphore. Implemented by adapter.cpp, the only file compiled together with a
// submission's semaphores.hpp.
struct SemaphoreApi {
  void* (*create)(std::uint32_t initial);
  void (*destroy)(void*);
  void (*acquire)(void*);
  bool (*try_acquire)(void*);
  bool (*try_acquire_for)(void*, std::chrono::nanoseconds);
  void (*release)(void*, std::uint32_t);
};

// Operations on lab::Barrier.
struct BarrierApi {
  void* (*create)(std::uint32_t threads);
  void (*destroy)(void*);
  bool (*arrive_and_wait)(void*);
};

const SemaphoreApi& semaphore_api();
const BarrierApi& barrier_api();

// Owns one lab::Semaphore of the submission.
class AnySemaphore {
 public:
  explicit AnySemaphore(std::uint32_t initial) : api_(&semaphore_api()), object_(api_->create(initial)) {}
  ~AnySemaphore() { api_->destroy(object_); }
  AnySemaphore(const AnySemaphore&) = delete;
  AnySemaphore& operator=(const AnySemaphore&) = delete;

  void acquire() { api_->acquire(object_); }
  [[nodiscard]] bool try_acquire() { return api_->try_acquire(object_); }
  [[nodiscard]] bool try_acquire_for(std::chrono::nanoseconds timeout) {
    return api_->try_acquire_for(object_, timeout);
  }
  void release(std::uint32_t n = 1) { api_->release(object_, n); }

 private:
  const SemaphoreApi* api_;
  void* object_;
};

// Owns one lab::Barrier of the submission.
class AnyBarrier {
 public:
  explicit AnyBarrier(std::uint32_t threads) : api_(&barrier_api()), object_(api_->create(threads)) {}
  ~AnyBarrier() { api_->destroy(object_); }
  AnyBarrier(const AnyBarrier&) = delete;
  AnyBarrier& operator=(const AnyBarrier&) = delete;

  [[nodiscard]] bool arrive_and_wait() { return api_->arrive_and_wait(object_); }

 private:
  const BarrierApi* api_;
  void* object_;
};

}  // namespace semaphore_lab
