// Grace's semaphore lab: a futex counting semaphore and a count-down barrier with generations.
#pragma once

#include <chrono>
#include <cstdint>

#include <lab/lab.hpp>

namespace lab {

// Counting semaphore. permits_ is the futex word; waiting_ counts threads that may sleep on it.
class Semaphore {
 public:
  explicit Semaphore(std::uint32_t initial = 0);
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  void acquire();
  [[nodiscard]] bool try_acquire();
  [[nodiscard]] bool try_acquire_for(std::chrono::nanoseconds timeout);
  void release(std::uint32_t n = 1);

 private:
  lab::atomic<std::uint32_t> permits_;
  lab::atomic<std::uint32_t> waiting_{0};
};

// Reusable barrier: counts down from n; the thread that reaches 0 refills the counter and bumps the phase.
class Barrier {
 public:
  explicit Barrier(std::uint32_t threads);
  Barrier(const Barrier&) = delete;
  Barrier& operator=(const Barrier&) = delete;

  [[nodiscard]] bool arrive_and_wait();

 private:
  std::uint32_t n_;
  lab::atomic<std::uint32_t> left_;
};

}  // namespace lab
