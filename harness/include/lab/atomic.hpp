// lab::atomic<T>: std::atomic<T> for students; an instrumented twin in perturbation and sanitizer builds.
//
// Ordinary builds (`plain`): lab::atomic<T> *is* std::atomic<T>, so there is zero cost and
// ThreadSanitizer sees native atomics. Instrumented builds (LAB_INSTRUMENTED=1: `tsan`, `perturb`):
// a wrapper with the same API whose every operation first calls lab::detail::before_atomic, a scheduling
// point where the harness records the call site and may perturb the schedule. Student code compiles
// unchanged under both; only the build configuration differs.
#pragma once

#include <atomic>
#include <concepts>
#include "lab/source_location.hpp"
#include <type_traits>

#include "lab/op_site.hpp"

#ifndef LAB_INSTRUMENTED
#define LAB_INSTRUMENTED 0
#endif
#ifndef LAB_CONTROLLED
#define LAB_CONTROLLED 0
#endif

#if LAB_CONTROLLED
namespace lab::detail {
// Controlled builds only: the result of the operation that just ran, for the scheduler's trace. Exact,
// because no other thread runs between a scheduling point and the operation's end.
void after_atomic(std::uint64_t before, std::uint64_t after, std::uint64_t expected, bool ok) noexcept;
}  // namespace lab::detail
#endif

namespace lab {

#if !LAB_INSTRUMENTED

template <class T>
using atomic = std::atomic<T>;

#else

// Same contract as std::atomic<T>; each member takes a defaulted source location so the harness can
// name the student's line. Operators (++, +=, =, conversion) cannot carry one and report no site.
template <class T>
class atomic {
 public:
  using value_type = T;
  using loc = lab::source_location;
  static constexpr bool is_always_lock_free = std::atomic<T>::is_always_lock_free;

  constexpr atomic() noexcept(std::is_nothrow_default_constructible_v<T>) = default;
  constexpr atomic(T desired) noexcept : value_(desired) {}
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  bool is_lock_free() const noexcept { return value_.is_lock_free(); }

  T load(std::memory_order order = std::memory_order_seq_cst, loc where = loc::current()) const noexcept {
    hook(detail::OpKind::load, order, where);
    const T result = value_.load(order);
    done(result, result);
    return result;
  }
  void store(T desired, std::memory_order order = std::memory_order_seq_cst,
             loc where = loc::current()) noexcept {
    hook(detail::OpKind::store, order, where, desired);
    [[maybe_unused]] const T before = LAB_CONTROLLED ? value_.load(std::memory_order_relaxed) : desired;
    value_.store(desired, order);
    done(before, desired);
  }
  T exchange(T desired, std::memory_order order = std::memory_order_seq_cst,
             loc where = loc::current()) noexcept {
    hook(detail::OpKind::exchange, order, where, desired);
    const T before = value_.exchange(desired, order);
    done(before, desired);
    return before;
  }
  bool compare_exchange_weak(T& expected, T desired, std::memory_order success, std::memory_order failure,
                             loc where = loc::current()) noexcept {
    hook(detail::OpKind::compare_exchange, success, where, desired);
    const T wanted = expected;
    const bool ok = value_.compare_exchange_weak(expected, desired, success, failure);
    done(expected, ok ? desired : expected, ok, wanted);
    return ok;
  }
  bool compare_exchange_weak(T& expected, T desired, std::memory_order order = std::memory_order_seq_cst,
                             loc where = loc::current()) noexcept {
    hook(detail::OpKind::compare_exchange, order, where, desired);
    const T wanted = expected;
    const bool ok = value_.compare_exchange_weak(expected, desired, order);
    done(expected, ok ? desired : expected, ok, wanted);
    return ok;
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order success,
                               std::memory_order failure, loc where = loc::current()) noexcept {
    hook(detail::OpKind::compare_exchange, success, where, desired);
    const T wanted = expected;
    const bool ok = value_.compare_exchange_strong(expected, desired, success, failure);
    done(expected, ok ? desired : expected, ok, wanted);
    return ok;
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order order = std::memory_order_seq_cst,
                               loc where = loc::current()) noexcept {
    hook(detail::OpKind::compare_exchange, order, where, desired);
    const T wanted = expected;
    const bool ok = value_.compare_exchange_strong(expected, desired, order);
    done(expected, ok ? desired : expected, ok, wanted);
    return ok;
  }

  T fetch_add(T arg, std::memory_order order = std::memory_order_seq_cst, loc where = loc::current()) noexcept
    requires std::integral<T>
  {
    hook(detail::OpKind::fetch_modify, order, where, arg);
    return modified(value_.fetch_add(arg, order));
  }
  T fetch_sub(T arg, std::memory_order order = std::memory_order_seq_cst, loc where = loc::current()) noexcept
    requires std::integral<T>
  {
    hook(detail::OpKind::fetch_modify, order, where, arg);
    return modified(value_.fetch_sub(arg, order));
  }
  T fetch_and(T arg, std::memory_order order = std::memory_order_seq_cst, loc where = loc::current()) noexcept
    requires std::integral<T>
  {
    hook(detail::OpKind::fetch_modify, order, where, arg);
    return modified(value_.fetch_and(arg, order));
  }
  T fetch_or(T arg, std::memory_order order = std::memory_order_seq_cst, loc where = loc::current()) noexcept
    requires std::integral<T>
  {
    hook(detail::OpKind::fetch_modify, order, where, arg);
    return modified(value_.fetch_or(arg, order));
  }
  T fetch_xor(T arg, std::memory_order order = std::memory_order_seq_cst, loc where = loc::current()) noexcept
    requires std::integral<T>
  {
    hook(detail::OpKind::fetch_modify, order, where, arg);
    return modified(value_.fetch_xor(arg, order));
  }

  operator T() const noexcept { return load(); }
  T operator=(T desired) noexcept {
    store(desired);
    return desired;
  }
  T operator++() noexcept requires std::integral<T> { return fetch_add(1) + 1; }
  T operator++(int) noexcept requires std::integral<T> { return fetch_add(1); }
  T operator--() noexcept requires std::integral<T> { return fetch_sub(1) - 1; }
  T operator--(int) noexcept requires std::integral<T> { return fetch_sub(1); }
  T operator+=(T arg) noexcept requires std::integral<T> { return fetch_add(arg) + arg; }
  T operator-=(T arg) noexcept requires std::integral<T> { return fetch_sub(arg) - arg; }
  T operator&=(T arg) noexcept requires std::integral<T> { return fetch_and(arg) & arg; }
  T operator|=(T arg) noexcept requires std::integral<T> { return fetch_or(arg) | arg; }
  T operator^=(T arg) noexcept requires std::integral<T> { return fetch_xor(arg) ^ arg; }

  // The underlying std::atomic, for the harness's futex functions. Not for student code.
  std::atomic<T>& native() noexcept { return value_; }

 private:
  template <class V = int>
  void hook(detail::OpKind kind, std::memory_order order, const loc& where, V value = 0) const noexcept {
    std::uint64_t recorded = 0;
    if constexpr (std::is_integral_v<V>) recorded = static_cast<std::uint64_t>(value);
    detail::before_atomic(detail::make_site(kind, order, &value_, where, recorded));
  }

  // Controlled builds: reports the operation's values to the scheduler's trace; nothing otherwise.
  static void done([[maybe_unused]] T before, [[maybe_unused]] T after, [[maybe_unused]] bool ok = true,
                   [[maybe_unused]] T expected = T{}) noexcept {
#if LAB_CONTROLLED
    detail::after_atomic(as_number(before), as_number(after), as_number(expected), ok);
#endif
  }
  // A read-modify-write's old value, reported with the new one (exact: nothing else runs in between).
  T modified(T before) noexcept {
#if LAB_CONTROLLED
    done(before, value_.load(std::memory_order_relaxed));
#endif
    return before;
  }
  static std::uint64_t as_number([[maybe_unused]] T value) noexcept {
    if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
      return static_cast<std::uint64_t>(value);
    } else {
      return 0;
    }
  }

  std::atomic<T> value_;
};

#endif

namespace detail {

// Address of the word that a futex call sleeps on, for either flavour of lab::atomic.
template <class T>
void* native_address(lab::atomic<T>& word) noexcept {
#if LAB_INSTRUMENTED
  return static_cast<void*>(&word.native());
#else
  return static_cast<void*>(&word);
#endif
}

}  // namespace detail
}  // namespace lab
