// Frank's semaphore lab: wraps the standard library's semaphore and barrier.
#pragma once

#include <barrier>
#include <chrono>
#include <cstdint>
#include <semaphore>

#include <lab/lab.hpp>

namespace lab {

class Semaphore {
 public:
  explicit Semaphore(std::uint32_t initial = 0) : impl_(initial) {}

  void acquire() { impl_.acquire(); }
  [[nodiscard]] bool try_acquire() { return impl_.try_acquire(); }
  [[nodiscard]] bool try_acquire_for(std::chrono::nanoseconds timeout) { return impl_.try_acquire_for(timeout); }
  void release(std::uint32_t n = 1) { impl_.release(n); }

 private:
  std::counting_semaphore<> impl_;
};

class Barrier {
 public:
  explicit Barrier(std::uint32_t threads) : impl_(threads) {}

  [[nodiscard]] bool arrive_and_wait() {
    impl_.arrive_and_wait();
    return false;  // std::barrier does not say who was last
  }

 private:
  std::barrier<> impl_;
};

}  // namespace lab
