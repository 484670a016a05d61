// CpuPin: sched_setaffinity of the calling thread to its idlest CPU, moved when shared, undone at the end.
#include "cpu_pin.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "splitmix.hpp"

namespace harness {
namespace {

using Clock = std::chrono::steady_clock;

// How long the CPUs' idle time is sampled before pinning: /proc/stat counts in 10 ms ticks, so a busy
// CPU and an idle one differ by a few ticks here, at a cost that is small beside a search (seconds).
constexpr auto kSample = std::chrono::milliseconds(30);
// How often rebalance() looks, and what it calls sharing: this process (and its reaped schedule
// children) got less than kSharedBelow of the wall time while another allowed CPU idled more than
// kIdleAbove of it.
constexpr auto kRecheck = std::chrono::milliseconds(250);
constexpr double kSharedBelow = 0.6;
constexpr double kIdleAbove = 0.5;
constexpr double kTicksPerSecond = 100;  // USER_HZ of /proc/stat

// Idle ticks per CPU ("cpuN user nice system idle iowait ..." lines of /proc/stat); empty if unreadable.
std::map<int, long long> idle_ticks() {
  std::map<int, long long> idle;
  std::ifstream stat("/proc/stat");
  std::string line;
  while (std::getline(stat, line)) {
    if (line.size() < 4 || line.compare(0, 3, "cpu") != 0 || line[3] < '0' || line[3] > '9') continue;
    std::istringstream fields(line.substr(3));
    int cpu = -1;
    long long user = 0, nice = 0, system = 0, idle_now = 0, iowait = 0;
    if (fields >> cpu >> user >> nice >> system >> idle_now >> iowait) idle[cpu] = idle_now + iowait;
  }
  return idle;
}

// CPU time of this process and of its children that were waited for (the schedules' forks).
std::chrono::nanoseconds process_cpu_time() {
  std::chrono::nanoseconds total{0};
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage usage{};
    if (::getrusage(who, &usage) != 0) continue;
    for (const timeval& t : {usage.ru_utime, usage.ru_stime}) {
      total += std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec);
    }
  }
  return total;
}

// Of `allowed` other than `except`, the CPU with the most idle ticks between the samples, or -1 when
// none has at least `min_idle`.
int idlest(const cpu_set_t& allowed, const std::map<int, long long>& before, const std::map<int, long long>& after,
           int except, long long min_idle) {
  int best = -1;
  long long best_idle = min_idle - 1;
  for (const auto& [cpu, ticks] : after) {
    if (cpu == except || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &allowed) || !before.count(cpu)) continue;
    const long long idle = ticks - before.at(cpu);
    if (idle > best_idle) {
      best = cpu;
      best_idle = idle;
    }
  }
  return best;
}

}  // namespace

CpuPin::CpuPin() : coin_(splitmix64(static_cast<std::uint64_t>(::getpid()) ^ Clock::now().time_since_epoch().count())) {
  CPU_ZERO(&previous_);
  if (::sched_getaffinity(0, sizeof previous_, &previous_) != 0 || CPU_COUNT(&previous_) < 2) return;
  const int current = ::sched_getcpu();
  if (current < 0 || current >= CPU_SETSIZE || !CPU_ISSET(current, &previous_)) return;
  int chosen = current;
  const auto before = idle_ticks();
  if (!before.empty()) {
    std::this_thread::sleep_for(kSample);
    last_idle_ = idle_ticks();  // also where rebalance() measures from
    // Another CPU only when it idled more than the current one did.
    const long long current_idle =
        last_idle_.count(current) && before.count(current) ? last_idle_.at(current) - before.at(current) : 0;
    const int other = idlest(previous_, before, last_idle_, current, current_idle + 1);
    if (other >= 0) chosen = other;
  }
  pinned_ = pin_to(chosen);
  last_check_ = Clock::now();
  last_cpu_time_ = process_cpu_time();
}

CpuPin::~CpuPin() {
  if (pinned_) ::sched_setaffinity(0, sizeof previous_, &previous_);
}

bool CpuPin::pin_to(int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  if (::sched_setaffinity(0, sizeof one, &one) != 0) return false;
  cpu_ = cpu;
  return true;
}

void CpuPin::rebalance() {
  if (!pinned_) return;
  const auto now = Clock::now();
  const auto wall = now - last_check_;
  if (wall < kRecheck) return;
  const auto cpu_time = process_cpu_time();
  auto idle = idle_ticks();
  const double seconds = std::chrono::duration<double>(wall).count();
  const double share = std::chrono::duration<double>(cpu_time - last_cpu_time_).count() / seconds;
  if (share < kSharedBelow && !idle.empty()) {
    const auto min_idle = static_cast<long long>(kIdleAbove * seconds * kTicksPerSecond);
    const int other = idlest(previous_, last_idle_, idle, cpu_, min_idle);
    coin_ = splitmix64(coin_);
    if (other >= 0 && (coin_ & 1) != 0) pin_to(other);
  }
  last_check_ = now;
  last_cpu_time_ = cpu_time;
  last_idle_ = std::move(idle);
}

}  // namespace harness
