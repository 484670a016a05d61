// use_covering_replays: a stress failure gets the exact replay of a controlled test of the same property.
#include "covering_replay.hpp"

#include <algorithm>

namespace grader {

bool ran_and_failed(const ConfigOutcome& o) {
  return o.verdict == Verdict::fail || o.verdict == Verdict::timeout || o.verdict == Verdict::crash;
}

namespace {

const ConfigOutcome* failing_schedule_outcome(const TestResult& test) {
  const auto found = std::find_if(test.configs.begin(), test.configs.end(), [](const auto& o) { return o.failing_schedule(); });
  return found == test.configs.end() ? nullptr : &*found;
}

}  // namespace

void use_covering_replays(const std::vector<const TestSpec*>& specs, std::vector<TestResult>& tests,
                          const std::function<std::string(const TestSpec&, const ConfigOutcome&)>& replay_of) {
  for (std::size_t c = 0; c < specs.size() && c < tests.size(); ++c) {
    const TestSpec& covering = *specs[c];
    const ConfigOutcome* failing = failing_schedule_outcome(tests[c]);
    if (covering.covers.empty() || failing == nullptr) continue;
    for (std::size_t i = 0; i < specs.size() && i < tests.size(); ++i) {
      const auto& covered = covering.covers;
      if (std::find(covered.begin(), covered.end(), specs[i]->id) == covered.end()) continue;
      for (ConfigOutcome& o : tests[i].configs) {
        if (!ran_and_failed(o) || o.replay_is_exact()) continue;
        o.covering_replay = ConfigOutcome::CoveringReplay{covering.id, failing->seed, *failing->failing_schedule()};
        o.replay = replay_of(covering, *failing);
      }
    }
  }
}

}  // namespace grader
