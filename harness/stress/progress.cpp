// The global progress counter: tests mark progress, the watchdog fires when it stops moving.
#include <atomic>

#include "harness/test_thread.hpp"
#include "thread_registry.hpp"

namespace harness {
namespace {
std::atomic<std::uint64_t> progress_counter{0};
}

void progress() noexcept { progress_counter.fetch_add(1, std::memory_order_relaxed); }

std::uint64_t progress_count() noexcept { return progress_counter.load(std::memory_order_relaxed); }

}  // namespace harness
