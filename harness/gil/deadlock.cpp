// A deadlock of the interpreter threads: every one asleep with no deadline. The test ends with a diagnosis.
#include <cstdio>
#include <string>

#include "end_run.hpp"
#include "machine_state.hpp"

namespace harness::gil {

void report_deadlock(const VirtualMachine::State& machine) {
  std::string message = "deadlock: every interpreter thread is asleep and none will wake up (no timeout pending):";
  const Thread::Impl* first = nullptr;
  for (const auto& thread : machine.threads) {
    if (thread->status == Thread::Impl::Status::done) {
      message += "\n  " + thread->name + " has finished";
      continue;
    }
    if (first == nullptr) first = thread.get();
    message += "\n  " + thread->name + " waits in " + thread->site.describe() + " since t=" +
               std::to_string(thread->clock / 1000) + " us";
  }
  message += "\nA wake-up was lost: whoever makes the condition true must signal (or broadcast) the waiters.";
  std::fprintf(stderr, "\nlab gil: %s\n", message.c_str());
  const Finding finding{"watchdog", message, first != nullptr ? first->site.file : "", first != nullptr ? first->site.line : 0};
  end_run_failed(finding, 3);  // exit status 3, like the watchdog's diagnosis
}

}  // namespace harness::gil
