// The ThreadSanitizer instrumentation entry points, defined by us: plain accesses in student code become scheduling points.
//
// In the controlled configuration the grader compiles the student's files with -fsanitize=thread but links
// no ThreadSanitizer runtime (docs/controlled.md, "Plain memory accesses"). The compiler then calls
// __tsan_read4(addr) before a plain 4-byte load, __tsan_atomic32_fetch_add(...) instead of an atomic
// fetch_add, and so on; these definitions perform the atomics for real and turn a plain access into a
// scheduling point when another thread could race with it: only inside a schedule while another of its
// threads has not finished, never on the calling thread's own stack. Only the student's files are instrumented, so every access seen here is theirs.
#if LAB_CONTROLLED

#include <pthread.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "controlled_runtime.hpp"

namespace harness::controlled {
namespace {

using lab::detail::OpKind;

// The calling thread's stack, looked up once per thread (pthread_getattr_np reads /proc for the main thread).
struct StackBounds {
  std::uintptr_t low = 0, high = 0;
  bool known = false;
};
thread_local StackBounds t_stack;

bool on_own_stack(const void* address) noexcept {
  if (!t_stack.known) {
    t_stack.known = true;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      void* base = nullptr;
      std::size_t size = 0;
      if (pthread_attr_getstack(&attr, &base, &size) == 0) {
        t_stack.low = reinterpret_cast<std::uintptr_t>(base);
        t_stack.high = t_stack.low + size;
      }
      pthread_attr_destroy(&attr);
    }
  }
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  return at >= t_stack.low && at < t_stack.high;
}

// A scheduling point before the access; afterwards the value the location held, for the trace.
void plain_access(const void* address, std::size_t size, bool write, const void* pc) noexcept {
  if (!others_unfinished() || on_own_stack(address)) return;
  const OpKind kind = write ? OpKind::plain_write : OpKind::plain_read;
  at_point({kind, std::memory_order_relaxed, address, nullptr, 0, size, pc});
  if (size > sizeof(std::uint64_t)) return;
  std::uint64_t value = 0;
  std::memcpy(&value, address, size);  // little-endian: the low bytes
  after_op(value, value, 0, true);
}

}  // namespace
}  // namespace harness::controlled

// The return address is the instrumented code's: the trace maps it to the student's line.
#define LAB_PLAIN_ACCESS(address, size, write) \
  harness::controlled::plain_access(address, size, write, __builtin_return_address(0))

extern "C" {

// ---- Plain accesses (aligned, unaligned, volatile, ranges) ----

#define LAB_DEFINE_PLAIN(size)                                                                               \
  void __tsan_read##size(void* a) { LAB_PLAIN_ACCESS(a, size, false); }                                  \
  void __tsan_write##size(void* a) { LAB_PLAIN_ACCESS(a, size, true); }                                  \
  void __tsan_unaligned_read##size(void* a) { LAB_PLAIN_ACCESS(a, size, false); }                        \
  void __tsan_unaligned_write##size(void* a) { LAB_PLAIN_ACCESS(a, size, true); }                        \
  void __tsan_volatile_read##size(void* a) { LAB_PLAIN_ACCESS(a, size, false); }                         \
  void __tsan_volatile_write##size(void* a) { LAB_PLAIN_ACCESS(a, size, true); }                         \
  void __tsan_unaligned_volatile_read##size(void* a) { LAB_PLAIN_ACCESS(a, size, false); }               \
  void __tsan_unaligned_volatile_write##size(void* a) { LAB_PLAIN_ACCESS(a, size, true); }               \
  void __tsan_read##size##_pc(void* a, void* pc) { harness::controlled::plain_access(a, size, false, pc); } \
  void __tsan_write##size##_pc(void* a, void* pc) { harness::controlled::plain_access(a, size, true, pc); }

LAB_DEFINE_PLAIN(1)
LAB_DEFINE_PLAIN(2)
LAB_DEFINE_PLAIN(4)
LAB_DEFINE_PLAIN(8)
LAB_DEFINE_PLAIN(16)

void __tsan_read_range(void* a, std::size_t size) { LAB_PLAIN_ACCESS(a, size, false); }
void __tsan_write_range(void* a, std::size_t size) { LAB_PLAIN_ACCESS(a, size, true); }

// Virtual-table pointer accesses: a write when an object is being constructed or destroyed.
void __tsan_vptr_read(void** slot) { LAB_PLAIN_ACCESS(slot, sizeof(void*), false); }
void __tsan_vptr_update(void** slot, void* /*new_value*/) { LAB_PLAIN_ACCESS(slot, sizeof(void*), true); }

// Memory intrinsics some compilers route through the runtime: one access over the whole range each.
void* __tsan_memcpy(void* to, const void* from, std::size_t size) {
  LAB_PLAIN_ACCESS(from, size, false);
  LAB_PLAIN_ACCESS(to, size, true);
  return std::memcpy(to, from, size);
}
void* __tsan_memmove(void* to, const void* from, std::size_t size) {
  LAB_PLAIN_ACCESS(from, size, false);
  LAB_PLAIN_ACCESS(to, size, true);
  return std::memmove(to, from, size);
}
void* __tsan_memset(void* to, int value, std::size_t size) {
  LAB_PLAIN_ACCESS(to, size, true);
  return std::memset(to, value, size);
}

// ---- What the runtime would track and we do not need ----

void __tsan_init() {}
void __tsan_func_entry(void* /*caller_pc*/) {}
void __tsan_func_exit() {}
void __tsan_ignore_thread_begin() {}
void __tsan_ignore_thread_end() {}

// ---- Atomics: performed for real (sequentially consistent: at least as strong as asked). The lab::atomic
// wrapper around them already made its scheduling point. ----

void __tsan_atomic_thread_fence(int /*order*/) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void __tsan_atomic_signal_fence(int /*order*/) { __atomic_signal_fence(__ATOMIC_SEQ_CST); }

#define LAB_DEFINE_ATOMIC_RMW(bits, type, op)                                      \
  type __tsan_atomic##bits##_fetch_##op(volatile type* a, type v, int /*order*/) { \
    return __atomic_fetch_##op(a, v, __ATOMIC_SEQ_CST);                            \
  }

#define LAB_DEFINE_ATOMIC(bits, type)                                                                      \
  type __tsan_atomic##bits##_load(const volatile type* a, int /*order*/) {                               \
    return __atomic_load_n(a, __ATOMIC_SEQ_CST);                                                         \
  }                                                                                                        \
  void __tsan_atomic##bits##_store(volatile type* a, type v, int /*order*/) {                            \
    __atomic_store_n(a, v, __ATOMIC_SEQ_CST);                                                            \
  }                                                                                                        \
  type __tsan_atomic##bits##_exchange(volatile type* a, type v, int /*order*/) {                         \
    return __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST);                                                  \
  }                                                                                                        \
  LAB_DEFINE_ATOMIC_RMW(bits, type, add)                                                                   \
  LAB_DEFINE_ATOMIC_RMW(bits, type, sub)                                                                   \
  LAB_DEFINE_ATOMIC_RMW(bits, type, and)                                                                   \
  LAB_DEFINE_ATOMIC_RMW(bits, type, or)                                                                    \
  LAB_DEFINE_ATOMIC_RMW(bits, type, xor)                                                                   \
  LAB_DEFINE_ATOMIC_RMW(bits, type, nand)                                                                  \
  int __tsan_atomic##bits##_compare_exchange_strong(volatile type* a, type* c, type v, int, int) {       \
    return __atomic_compare_exchange_n(a, c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);             \
  }                                                                                                        \
  int __tsan_atomic##bits##_compare_exchange_weak(volatile type* a, type* c, type v, int, int) {         \
    return __atomic_compare_exchange_n(a, c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);             \
  }                                                                                                        \
  type __tsan_atomic##bits##_compare_exchange_val(volatile type* a, type c, type v, int, int) {          \
    __atomic_compare_exchange_n(a, &c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);                   \
    return c;                                                                                              \
  }

LAB_DEFINE_ATOMIC(8, std::uint8_t)
LAB_DEFINE_ATOMIC(16, std::uint16_t)
LAB_DEFINE_ATOMIC(32, std::uint32_t)
LAB_DEFINE_ATOMIC(64, std::uint64_t)

}  // extern "C"

#endif  // LAB_CONTROLLED
