// The watchdog's lab-specific paragraph: set by a layer above (the processes monitor), read by the watchdog.
#include "stall_explainer.hpp"

#include <atomic>

namespace harness {
namespace {
std::atomic<StallExplainer> installed{nullptr};
}  // namespace

void set_stall_explainer(StallExplainer explainer) noexcept { installed.store(explainer); }

StallExplanation explain_stall() {
  const StallExplainer explainer = installed.load();
  return explainer == nullptr ? StallExplanation{} : explainer();
}

}  // namespace harness
