// The uthreads lab's context switch wrapper (sanitizer fiber annotations), stacks and entry checks.
#include <cstdint>
#include <new>

#include "lab/usage.hpp"
#include "lab/uthread_hw.hpp"
#include "uthread_state.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define LAB_UTHREAD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LAB_UTHREAD_ASAN 1
#endif
#endif

#ifdef LAB_UTHREAD_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace lab {
namespace {

using harness::uthread::hw_state;

hw::SwitchRoutine switch_routine = nullptr;
// The context that is switching away right now; read by the thread that resumes, to learn (under
// ASan) the stack bounds of a thread that had none recorded (the test's own thread).
Context* switching_from = nullptr;

void start_switch([[maybe_unused]] Context* from, [[maybe_unused]] Context* to) noexcept {
#ifdef LAB_UTHREAD_ASAN
  const void* base = to->stack != nullptr ? to->stack->base() : to->known_base;
  const std::size_t size = to->stack != nullptr ? to->stack->size() : to->known_size;
  __sanitizer_start_switch_fiber(&from->fake_stack, base, size);
#endif
}

// Runs on the stack of the thread that was switched to; `self` is its context (nullptr: a new thread).
void finish_switch([[maybe_unused]] Context* self) noexcept {
#ifdef LAB_UTHREAD_ASAN
  const void* old_base = nullptr;
  std::size_t old_size = 0;
  __sanitizer_finish_switch_fiber(self != nullptr ? self->fake_stack : nullptr, &old_base, &old_size);
  Context* previous = switching_from;
  if (previous != nullptr && previous->stack == nullptr && previous->known_base == nullptr) {
    previous->known_base = old_base;
    previous->known_size = old_size;
  }
#endif
}

}  // namespace

Stack::Stack(std::size_t bytes, lab::source_location where)
    : base_(nullptr), size_((bytes + 15) & ~std::size_t{15}) {
  if (hw_state().machine_active && intr_get_level() != IntrLevel::off) {
    lab::usage_error("lab::Stack allocated with interrupts on: a tick could switch threads inside the "
                     "allocator; allocate with a lab::InterruptsOff", where);
  }
  base_ = new (std::align_val_t{16}) std::byte[size_];
  hw_state().live_stacks.fetch_add(1, std::memory_order_relaxed);
}

Stack::~Stack() {
#ifdef LAB_UTHREAD_ASAN
  // A thread that exited left its frames' redzones poisoned in this memory.
  __asan_unpoison_memory_region(base_, size_);
#endif
  ::operator delete[](base_, std::align_val_t{16});
  hw_state().live_stacks.fetch_sub(1, std::memory_order_relaxed);
}

void switch_context(Context* from, Context* to, lab::source_location where) noexcept {
  if (intr_get_level() != IntrLevel::off) {
    lab::usage_error("lab::switch_context called with interrupts on: the timer could switch threads in the "
                     "middle of your switch; hold a lab::InterruptsOff", where);
  }
  if (switch_routine == nullptr || from == nullptr || to == nullptr) {
    lab::usage_error("lab::switch_context needs two contexts (and the adapter's uthread_switch)", where);
    return;
  }
  hw_state().switches.fetch_add(1, std::memory_order_relaxed);
  switching_from = from;
  start_switch(from, to);
  switch_routine(from, to);
  finish_switch(from);
}

void thread_begin() noexcept {
  auto& state = hw_state();
  state.thread_begins.fetch_add(1, std::memory_order_relaxed);
  if (!hw::frame_aligned()) state.misaligned_entries.fetch_add(1, std::memory_order_relaxed);
  finish_switch(nullptr);
}

namespace hw {

void install_switch(SwitchRoutine routine) noexcept { switch_routine = routine; }

SwitchRoutine installed_switch() noexcept { return switch_routine; }

// noinline: the frame measured is this function's own, whose alignment is the caller's (with frame
// pointers, rbp is 16-byte aligned iff the stack was aligned at the call).
[[gnu::noinline]] bool frame_aligned() noexcept {
  const auto frame = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  return frame % 16 == 0;
}

}  // namespace hw
}  // namespace lab
