# uthread_switch(from, to): the context switch. x86-64 System V: from in %rdi, to in %rsi (see README.md).
#
# Write it here: push the six callee-saved registers (rbp, rbx, r12, r13, r14, r15) on the running
# thread's stack, store %rsp in from->sp (offset 0 of lab::Context), load %rsp from to->sp, pop the six
# registers in the reverse order, ret. Until then it jumps to a stub that reports "not implemented yet".

  .text
  .globl uthread_switch
  .type uthread_switch, @function
uthread_switch:
  jmp uthread_switch_todo
  .size uthread_switch, .-uthread_switch

  .section .note.GNU-stack, "", @progbits
