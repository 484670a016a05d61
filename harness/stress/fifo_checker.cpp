// FifoChecker: are threads granted the lock in the order they arrived?
#include <algorithm>
#include <string>

#include "harness/checkers.hpp"

namespace harness {
namespace {

// "0 5 3 ..." — the first entries of an order, enough to see the problem.
std::string order_text(const std::vector<int>& order) {
  constexpr std::size_t kShown = 12;
  std::string text;
  for (std::size_t i = 0; i < order.size() && i < kShown; ++i) {
    if (i > 0) text += ' ';
    text += std::to_string(order[i]);
  }
  if (order.size() > kShown) text += " ...";
  return text;
}

// First position where grants stop following arrivals; npos when in order.
std::size_t first_out_of_order(const std::vector<int>& arrivals, const std::vector<int>& grants) {
  for (std::size_t i = 0; i < grants.size(); ++i) {
    if (i >= arrivals.size() || grants[i] != arrivals[i]) return i;
  }
  return std::string::npos;
}

}  // namespace

void FifoChecker::arrived(int who) {
  std::lock_guard guard(mutex_);
  arrivals_.push_back(who);
}

void FifoChecker::granted(int who) {
  std::lock_guard guard(mutex_);
  grants_.push_back(who);
}

bool FifoChecker::in_order() const {
  std::lock_guard guard(mutex_);
  return first_out_of_order(arrivals_, grants_) == std::string::npos;
}

std::string FifoChecker::explain() const {
  std::lock_guard guard(mutex_);
  const std::size_t at = first_out_of_order(arrivals_, grants_);
  if (at == std::string::npos) return "Every waiter got the lock in the order it arrived.";
  const int jumped = grants_[at];
  const std::string orders = " (arrival order " + order_text(arrivals_) + ", grant order " + order_text(grants_) + ")";
  if (std::find(arrivals_.begin(), arrivals_.end(), jumped) == arrivals_.end() || at >= arrivals_.size()) {
    return "waiter " + std::to_string(jumped) + " got the lock without having arrived" + orders;
  }
  const int skipped = arrivals_[at];
  return "waiter " + std::to_string(skipped) + " arrived before waiter " + std::to_string(jumped) + " but " +
         std::to_string(jumped) + " got the lock first" + orders;
}

}  // namespace harness
