// The gil lab's checks: mutual exclusion, sleeping waiters, the old GIL's ticks and convoy, the new GIL's rules.
#include "gil_checks.hpp"

#include <harness/findings.hpp>

#include <algorithm>
#include <cstdio>

#include "beazley_table.hpp"

namespace gil_lab {
namespace {

std::string ms_text(vtime t) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f ms", static_cast<double>(t) / kMs);
  return text;
}

const std::string& name(const RunTrace& run, int id) { return run.scenario.threads[id].name; }

vtime interval(const RunTrace& run) { return std::chrono::nanoseconds(run.scenario.config.switch_interval).count(); }

// Reports a failed check of `run`: the sentence, its details, then the run as a row of Beazley's table.
bool fail(const RunTrace& run, const std::string& sentence, const std::string& details, const harness::gil::Site* site = nullptr) {
  std::string message = sentence + "\n" + details + "\nIn: " + run.scenario.title + "\n" + beazley_table({&run});
  harness::report({"check", message, site != nullptr ? site->file : "", site != nullptr ? site->line : 0});
  return false;
}

}  // namespace

vtime new_gil_wait_bound(const RunTrace& run) {
  return interval(run) + harness::gil::kStepCost + 2 * harness::gil::kWakeLatency + kCallSlack;
}

bool check_exclusion(const RunTrace& run) {
  if (!run.exclusion) return true;
  return fail(run, "Two threads held the GIL at once: take() must wait while another thread holds it.", *run.exclusion);
}

bool check_waiters_sleep(const RunTrace& run) {
  for (const Take& take : run.takes) {
    const vtime waited = take.returned - take.called;
    if (take.cpu > 20 * kUs && take.cpu * 50 > waited) {
      return fail(run, "A waiter burned CPU in take(): it must sleep in Cond::wait/wait_for until it may go on.",
                  name(run, take.thread) + " used " + ms_text(take.cpu) + " of CPU inside take() while it waited " + ms_text(waited) +
                      " (from t=" + ms_text(take.called) + "); last seen at " + take.poll_site.describe() + ".",
                  &take.poll_site);
    }
  }
  return true;
}

bool check_breaks_exactly_every_interval(const RunTrace& run) {
  const int n = run.scenario.config.check_interval;
  const int expected = run.steps.empty() ? 0 : run.steps[0] / n;
  const auto& gaps = run.global_breaker_gaps;
  const auto wrong = std::find_if(gaps.begin(), gaps.end(), [n](int gap) { return gap != n; });
  if (wrong == gaps.end() && static_cast<int>(gaps.size()) == expected) return true;
  std::string details = "check_interval() is " + std::to_string(n) + ": with " + std::to_string(run.steps[0]) +
                        " steps, eval_breaker() must return true " + std::to_string(expected) + " times, after every " +
                        std::to_string(n) + "th step; it returned true " + std::to_string(gaps.size()) + " times";
  if (wrong != gaps.end()) details += ", once after " + std::to_string(*wrong) + " steps";
  return fail(run, "The old GIL must be released and taken again every check_interval() steps (Python 2's ticks).", details + ".");
}

bool check_breaks_at_most_every_interval(const RunTrace& run) {
  const int n = run.scenario.config.check_interval;
  for (const Hold& hold : run.holds) {
    if (hold.steps > n) {
      return fail(run, "A thread kept the old GIL longer than check_interval() steps.",
                  name(run, hold.thread) + " ran " + std::to_string(hold.steps) + " steps from t=" + ms_text(hold.from) +
                      " without eval_breaker() returning true (check_interval() is " + std::to_string(n) + ").");
    }
  }
  return true;
}

bool check_convoy(const RunTrace& run) {
  vtime worst = 0;
  for (const Response& r : run.responses) worst = std::max(worst, r.got - r.ready);
  const vtime tick_period = run.scenario.config.check_interval * harness::gil::kStepCost;
  if (worst >= 20 * tick_period) return true;
  return fail(run,
              "The old GIL must show Beazley's convoy: it releases and takes the GIL again at once, so a woken I/O thread "
              "finds it taken again.",
              "The I/O thread's longest wait for the GIL was " + ms_text(worst) + "; the old GIL makes it wait for the CPU-bound "
              "thread's whole run (at least " + ms_text(20 * tick_period) + " here). Hand-offs belong to the new GIL only.");
}

bool check_full_interval(const RunTrace& run) {
  for (const Breaker& b : run.breakers) {
    if (b.waiting.empty()) {
      return fail(run, "The holder was asked to drop the GIL while no thread was waiting for it.",
                  name(run, b.thread) + "'s eval_breaker() returned true at t=" + ms_text(b.at) +
                      " with no thread inside take(). Only a waiter sets the drop request, after a whole interval with no "
                      "switch; a thread alone keeps the GIL.");
    }
    const vtime held = b.at - b.held_since;
    if (held + kCallSlack < interval(run)) {
      return fail(run, "The holder was asked to drop the GIL before a full switch interval had passed since it took it.",
                  name(run, b.thread) + " took the GIL at t=" + ms_text(b.held_since) + " and eval_breaker() told it to drop at t=" +
                      ms_text(b.at) + ", after " + ms_text(held) + " (switch_interval() is " + ms_text(interval(run)) +
                      "). A waiter sets the drop request only when a whole interval passed with no switch (compare "
                      "switch_number before and after its timed wait), and taking the GIL clears the request.");
    }
  }
  return true;
}

bool check_forced_switching(const RunTrace& run) {
  for (const Breaker& b : run.breakers) {
    if (b.waiting.empty() || b.next_take >= run.takes.size()) continue;
    const Take& next = run.takes[b.next_take];
    if (next.thread == b.thread) {
      std::string waiters;
      for (int id : b.waiting) waiters += (waiters.empty() ? "" : ", ") + name(run, id);
      return fail(run, "Forced switching: after a requested drop, the dropping thread took the GIL back before the thread that asked.",
                  name(run, b.thread) + " dropped the GIL at t=" + ms_text(b.at) + " while " + waiters +
                      " waited, and its own take() returned first (t=" + ms_text(next.returned) +
                      "). drop() must wait on the switch condition until another thread has taken the GIL.");
    }
  }
  return true;
}

bool check_switches_happen(const RunTrace& run) {
  for (std::size_t i = 0; i < run.scenario.threads.size(); ++i) {
    if (run.scenario.threads[i].io_bound() || run.steps_before_first_exit.empty()) continue;
    if (run.steps_before_first_exit[i] == 0) {
      return fail(run, "A CPU-bound thread never got the GIL while the others ran.",
                  name(run, static_cast<int>(i)) + " ran no step before the first thread finished at t=" +
                      ms_text(*std::min_element(run.finished_at.begin(), run.finished_at.end())) +
                      ": a waiter must ask for the GIL after one interval, the holder must drop it at its next step, and (forced "
                      "switching) the dropper must wait until another thread has taken it.");
    }
  }
  return true;
}

bool check_fair_shares(const RunTrace& run, double tolerance) {
  const auto& steps = run.steps_before_first_exit;
  long total = 0;
  for (int s : steps) total += s;
  const double fair = 1.0 / static_cast<double>(steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const double share = total > 0 ? static_cast<double>(steps[i]) / static_cast<double>(total) : 0.0;
    if (share < fair - tolerance || share > fair + tolerance) {
      char text[160];
      std::snprintf(text, sizeof text, " ran %.1f%% of the steps until the first thread finished; a fair share is %.1f%% +- %.1f%%.",
                    100 * share, 100 * fair, 100 * tolerance);
      return fail(run, "CPU-bound threads did not share the GIL fairly.", name(run, static_cast<int>(i)) + text);
    }
  }
  return true;
}

bool check_wait_bounded(const RunTrace& run) {
  const vtime bound = new_gil_wait_bound(run);
  for (const Take& take : run.takes) {
    if (take.returned - take.called > bound) {
      return fail(run, "A thread waited longer than one switch interval for the GIL.",
                  name(run, take.thread) + " called take() at t=" + ms_text(take.called) + " and got the GIL at t=" + ms_text(take.returned) +
                      " (" + ms_text(take.returned - take.called) + "); with one other thread the bound is " + ms_text(bound) +
                      ": one interval, the holder's step to its next boundary, two wake-ups. The holder must drop at the "
                      "first boundary after the request.");
    }
  }
  return true;
}

bool check_io_response(const RunTrace& run) {
  const vtime bound = new_gil_wait_bound(run);
  for (const Response& r : run.responses) {
    if (r.got - r.ready > bound) {
      return fail(run, "The I/O-bound thread's response time was not bounded by the switch interval.",
                  name(run, r.thread) + "'s I/O completed at t=" + ms_text(r.ready) + " and it got the GIL at t=" + ms_text(r.got) + " (" +
                      ms_text(r.got - r.ready) + "); the new GIL bounds that by " + ms_text(bound) + ".");
    }
  }
  return true;
}

}  // namespace gil_lab
