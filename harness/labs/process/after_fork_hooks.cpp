// The processes lab's hooks on allocation and locking: flags them in a child of a multithreaded parent
// between fork and exec, where only async-signal-safe calls are allowed.
#include <pthread.h>
#include <dlfcn.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include <harness/processes.hpp>

#include "process_checks.hpp"

namespace process_lab {
void install_after_fork_hooks() noexcept {}
}  // namespace process_lab

namespace {

void* allocate(std::size_t size) {
  harness::processes::note_call_after_fork("called operator new (it allocates, and malloc's locks may be held)");
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}

void* allocate_aligned(std::size_t size, std::align_val_t alignment) {
  harness::processes::note_call_after_fork("called operator new (it allocates, and malloc's locks may be held)");
  const std::size_t align = static_cast<std::size_t>(alignment);
  if (void* memory = std::aligned_alloc(align, (size + align - 1) / align * align + (size == 0 ? align : 0))) return memory;
  throw std::bad_alloc();
}

}  // namespace

// Replacing the global operator new is standard C++; the sanitizers' own allocator still serves malloc.
void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t alignment) { return allocate_aligned(size, alignment); }
void* operator new[](std::size_t size, std::align_val_t alignment) { return allocate_aligned(size, alignment); }
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete(void* memory, std::align_val_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::align_val_t) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t, std::align_val_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t, std::align_val_t) noexcept { std::free(memory); }

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define LAB_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define LAB_SANITIZED 1
#endif
#endif

#ifndef LAB_SANITIZED
// pthread_mutex_lock (std::mutex::lock) taken over in the builds without a sanitizer, whose runtimes
// intercept it themselves: a lock held by another thread at fork stays held forever in the child.
namespace {
using LockFunction = int (*)(pthread_mutex_t*);
// The C library's own, looked up on the first call (which may come from any static initializer).
std::atomic<LockFunction> libc_mutex_lock{nullptr};
}  // namespace

extern "C" int pthread_mutex_lock(pthread_mutex_t* mutex) {
  harness::processes::note_call_after_fork("took a lock (pthread_mutex_lock, std::mutex)");
  LockFunction lock = libc_mutex_lock.load(std::memory_order_acquire);
  if (lock == nullptr) {
    lock = reinterpret_cast<LockFunction>(::dlsym(RTLD_NEXT, "pthread_mutex_lock"));
    libc_mutex_lock.store(lock, std::memory_order_release);
  }
  return lock(mutex);
}
#endif
