// lab::futex_wait / lab::futex_wake: Linux futex semantics on a 32-bit lab::atomic word.
#pragma once

#include <chrono>
#include <climits>
#include <concepts>
#include <cstdint>
#include "lab/source_location.hpp"

#include "lab/atomic.hpp"

namespace lab {

// A futex word: a 32-bit integer inside a lab::atomic.
template <class T>
concept FutexWord = std::integral<T> && sizeof(T) == 4 && sizeof(lab::atomic<T>) == 4;

namespace detail {
void futex_wait(void* word, std::uint32_t expected, const lab::source_location& where) noexcept;
bool futex_wait_for(void* word, std::uint32_t expected, std::chrono::nanoseconds timeout,
                    const lab::source_location& where) noexcept;
int futex_wake(void* word, int count, const lab::source_location& where) noexcept;
}  // namespace detail

// Sleeps while `word == expected`. Returns when woken by futex_wake, at once when the word did not hold
// `expected` on entry, or spuriously for no reason at all (the harness does this on purpose):
// callers must re-check their condition in a loop.
template <FutexWord T>
void futex_wait(lab::atomic<T>& word, T expected, lab::source_location where = lab::source_location::current()) {
  detail::futex_wait(detail::native_address(word), static_cast<std::uint32_t>(expected), where);
}

// Like futex_wait, but gives up after `timeout`. Returns false when the timeout expired, true otherwise
// (woken, value differed, or spurious).
template <FutexWord T>
bool futex_wait_for(lab::atomic<T>& word, T expected, std::chrono::nanoseconds timeout,
                    lab::source_location where = lab::source_location::current()) {
  return detail::futex_wait_for(detail::native_address(word), static_cast<std::uint32_t>(expected), timeout,
                                where);
}

// Wakes at most `count` threads sleeping in futex_wait on `word`; returns how many it woke.
// This is a system call even when nobody sleeps: avoid it on the uncontended path.
template <FutexWord T>
int futex_wake(lab::atomic<T>& word, int count, lab::source_location where = lab::source_location::current()) {
  return detail::futex_wake(detail::native_address(word), count, where);
}

// Wakes every thread sleeping on `word`.
inline constexpr int kWakeAll = INT_MAX;

}  // namespace lab
