// Helpers shared by the monitor lab's graded tests (see monitor_tests_util.hpp).
#include "monitor_tests_util.hpp"

namespace monitor_lab {

bool start_waiting_threads(Threads& threads, int count, const std::string& name,
                           const std::function<void(int)>& body, const std::string& inside) {
  for (int i = 0; i < count; ++i) {
    const std::string label = name + " " + std::to_string(i);
    threads.push_back(std::make_unique<harness::TestThread>(label, [body, i] { body(i); }));
    if (!harness::wait_until_waiting(*threads.back(), label + " inside " + inside)) return false;
  }
  return true;
}

int finished_count(const Threads& threads) {
  int done = 0;
  for (const auto& thread : threads) done += thread->probe().finished() ? 1 : 0;
  return done;
}

bool all_finish(const Threads& threads, const std::function<void()>& rescue) {
  const auto all_done = [&] { return finished_count(threads) == static_cast<int>(threads.size()); };
  if (eventually(all_done)) return true;
  eventually([&] {
    rescue();
    return all_done();
  });
  return false;
}

}  // namespace monitor_lab
