// RoundChecker: plain per-thread round slots read after every barrier round, and one "last" per round.
#include "harness/round_checker.hpp"

namespace harness {

RoundChecker::RoundChecker(int threads, long rounds)
    : threads_(threads),
      rounds_(rounds),
      slots_{std::vector<long>(static_cast<std::size_t>(threads), -1),
             std::vector<long>(static_cast<std::size_t>(threads), -1)},
      lasts_(new std::atomic<int>[static_cast<std::size_t>(rounds)]) {
  for (long r = 0; r < rounds; ++r) lasts_[static_cast<std::size_t>(r)].store(0, std::memory_order_relaxed);
}

void RoundChecker::arrive(int who, long round) noexcept {
  slots_[round % 2][static_cast<std::size_t>(who)] = round;
}

bool RoundChecker::passed(int who, long round, bool last) noexcept {
  if (last && round < rounds_) lasts_[static_cast<std::size_t>(round)].fetch_add(1, std::memory_order_relaxed);
  const std::vector<long>& bank = slots_[round % 2];
  for (int other = 0; other < threads_; ++other) {
    if (bank[static_cast<std::size_t>(other)] != round) {
      violation(who, other, round);
      return false;
    }
  }
  return true;
}

void RoundChecker::violation(int who, int other, long round) noexcept {
  if (violations_.fetch_add(1, std::memory_order_relaxed) != 0) return;
  first_who_.store(who, std::memory_order_relaxed);
  first_other_.store(other, std::memory_order_relaxed);
  first_round_.store(round, std::memory_order_relaxed);
}

bool RoundChecker::ok() const {
  if (violations_.load() != 0) return false;
  for (long r = 0; r < rounds_; ++r) {
    if (lasts_[static_cast<std::size_t>(r)].load() != 1) return false;
  }
  return true;
}

std::string RoundChecker::explain() const {
  if (violations_.load() != 0) {
    return "worker " + std::to_string(first_who_.load()) + " left round " + std::to_string(first_round_.load()) +
           " of the barrier before worker " + std::to_string(first_other_.load()) + " had arrived in it (" +
           std::to_string(violations_.load()) + " such early passes in all)";
  }
  for (long r = 0; r < rounds_; ++r) {
    const int lasts = lasts_[static_cast<std::size_t>(r)].load();
    if (lasts != 1) {
      return "in round " + std::to_string(r) + ", " + std::to_string(lasts) +
             " threads were told they were the last to arrive (expected: exactly 1)";
    }
  }
  return "every thread saw every round complete; one thread per round was the last";
}

}  // namespace harness
