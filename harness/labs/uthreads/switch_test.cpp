// Graded tests of the switch itself: callee-saved registers survive it; a new thread starts 16-byte aligned.
#include <gtest/gtest.h>

#include <cstdint>

#include <harness/harness.hpp>

#include "uth_world.hpp"

// The probes are assembly: no compiled frame may sit between the sentinels and the student's switch,
// or that frame's own save/restore of a register would hide a switch that forgets it.
extern "C" void uth_probe_switch(lab::hw::SwitchRoutine routine, lab::Context* from, lab::Context* to,
                                 const std::uint64_t* in, std::uint64_t* out);
extern "C" void uth_clobber_and_switch_back();
extern "C" {
// Read by uth_clobber_and_switch_back, on the helper stack, to switch back to the probe.
lab::hw::SwitchRoutine uth_back_routine = nullptr;
lab::Context* uth_back_from = nullptr;
lab::Context* uth_back_to = nullptr;
}

// uth_probe_switch(routine, from, to, in, out): loads in[0..5] into rbx rbp r12 r13 r14 r15, calls
// routine(from, to), and stores those registers into out[0..5] when the switch comes back.
// uth_clobber_and_switch_back: where the helper context starts; fills every callee-saved register with
// garbage and switches back with routine(uth_back_from, uth_back_to).
asm(R"(
  .text
  .globl uth_probe_switch
  .type uth_probe_switch, @function
uth_probe_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  pushq %r8
  movq %rdi, %rax
  movq %rsi, %rdi
  movq %rdx, %rsi
  movq 0(%rcx), %rbx
  movq 8(%rcx), %rbp
  movq 16(%rcx), %r12
  movq 24(%rcx), %r13
  movq 32(%rcx), %r14
  movq 40(%rcx), %r15
  call *%rax
  popq %r8
  movq %rbx, 0(%r8)
  movq %rbp, 8(%r8)
  movq %r12, 16(%r8)
  movq %r13, 24(%r8)
  movq %r14, 32(%r8)
  movq %r15, 40(%r8)
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .size uth_probe_switch, .-uth_probe_switch

  .globl uth_clobber_and_switch_back
  .type uth_clobber_and_switch_back, @function
uth_clobber_and_switch_back:
  movabsq $0xbad0bad0bad0b001, %rbx
  movabsq $0xbad0bad0bad0b002, %rbp
  movabsq $0xbad0bad0bad0b003, %r12
  movabsq $0xbad0bad0bad0b004, %r13
  movabsq $0xbad0bad0bad0b005, %r14
  movabsq $0xbad0bad0bad0b006, %r15
  movq uth_back_from(%rip), %rdi
  movq uth_back_to(%rip), %rsi
  call *uth_back_routine(%rip)
  ud2
  .size uth_clobber_and_switch_back, .-uth_clobber_and_switch_back
)");

namespace uthreads_lab {
namespace {

constexpr const char* kRegisterNames[6] = {"rbx", "rbp", "r12", "r13", "r14", "r15"};

// The helper context's stack: every slot the switch may pop holds the helper's start address, so a
// switch that saves fewer or more registers than six still returns into it (and shows its bug there).
struct alignas(16) HelperStack {
  std::uint64_t words[512];
};

TEST(Switch, CalleeSavedRegistersPreserved) {
  World world;  // installs the submission's uthread_switch
  static HelperStack stack;
  lab::Context probe_context;
  lab::Context helper_context;
  for (int round = 0; round < 3; ++round) {
    for (auto& word : stack.words) word = reinterpret_cast<std::uint64_t>(&uth_clobber_and_switch_back);
    helper_context.sp = &stack.words[512 - 16];
    uth_back_routine = lab::hw::installed_switch();
    uth_back_from = &helper_context;
    uth_back_to = &probe_context;
    std::uint64_t in[6];
    std::uint64_t out[6] = {};
    for (int r = 0; r < 6; ++r) in[r] = 0x5e11'0000'0000'0000ull + (static_cast<std::uint64_t>(round) << 16) + r;
    {
      lab::InterruptsOff off;
      uth_probe_switch(lab::hw::installed_switch(), &probe_context, &helper_context, in, out);
    }
    harness::progress();
    bool preserved = true;
    for (int r = 0; r < 6; ++r) {
      preserved &= check(out[r] == in[r], msg("uthread_switch did not preserve ", kRegisterNames[r], ": it held 0x",
                                              std::hex, in[r], " before switching to another thread and 0x", out[r],
                                              " after switching back (save and restore rbx, rbp, r12-r15)"));
    }
    if (!preserved) return;
  }
}

EventLog* alignment_log = nullptr;

void record_alignment(void*) { alignment_log->add(lab::hw::frame_aligned() ? 1 : 0); }

TEST(Switch, NewThreadStackAligned16) {
  World world;
  EventLog log;
  alignment_log = &log;
  const auto before = lab::hw::counters();
  int ids[3];
  for (int& id : ids) id = world.create(&record_alignment, nullptr);
  for (int id : ids) world.join(id);
  const auto after = lab::hw::counters();
  if (!check(after.thread_begins - before.thread_begins == 3,
             msg("3 threads ran but lab::thread_begin() was called ", after.thread_begins - before.thread_begins,
                 " times: a new thread's first function must call it first"))) {
    return;
  }
  check(after.misaligned_entries == before.misaligned_entries,
        "a new thread's first function started with a misaligned stack: at function entry rsp + 8 must be a "
        "multiple of 16 (put the entry address at top - 16, not top - 8)");
  check(log.events() == std::vector<int>{1, 1, 1},
        msg("each thread's function must run on a 16-byte aligned stack (1 = aligned): ", to_string(log.events())));
}

}  // namespace
}  // namespace uthreads_lab
