# uthread_switch(from, to): the context switch. x86-64 System V: from in %rdi, to in %rsi.
#
# Saves the callee-saved registers on the running thread's stack and its stack pointer in from->sp,
# then loads to->sp and pops the registers that thread saved when it switched away (or that create()
# laid out on its fresh stack). `ret` then continues where the other thread left off.

  .text
  .globl uthread_switch
  .type uthread_switch, @function
uthread_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  movq %rsp, (%rdi)
  movq (%rsi), %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .size uthread_switch, .-uthread_switch

  .section .note.GNU-stack, "", @progbits
