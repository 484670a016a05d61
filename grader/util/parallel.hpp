// A minimal bounded parallel-for: the grader's only form of concurrency.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace grader {

// Calls fn(i) for every i in [0, count) on up to `jobs` threads (jobs <= 1: in order, on this thread).
// fn must not throw; if it does anyway, the first exception is rethrown after every call finished.
template <class Fn>
void parallel_for(std::size_t count, int jobs, Fn fn) {
  const std::size_t workers = std::min<std::size_t>(count, static_cast<std::size_t>(std::max(jobs, 1)));
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < workers; ++t) threads.emplace_back(work);
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

// std::thread::hardware_concurrency(), at least 1.
inline int hardware_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace grader
