// Progressive grading: one grade_submission call per test, merged into one result the caller saves.
#include "progressive.hpp"

#include <algorithm>

#include "budget.hpp"
#include "controlled_spec.hpp"
#include "paths.hpp"
#include "scoring.hpp"

namespace grader {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

using Selection = std::vector<std::pair<const TestSpec*, std::vector<std::string>>>;

// The result before anything ran: every selected test present, without outcomes.
SubmissionResult skeleton(const fs::path& dir, const std::vector<const LabSpec*>& labs, const PipelineOptions& base) {
  SubmissionResult r;
  const fs::path abs = absolute_dir(dir);
  r.path = abs.string();
  r.name = abs.filename().string();
  r.display = base.display;
  for (const LabSpec* lab : labs) {
    LabResult lr{lab->id, lab->title, true, 0, 0, {}, {}};
    for (const auto& [test, configs] : select_tests(*lab, base)) {
      TestResult t;
      t.id = test->id;
      t.name = test->name;
      t.gtest = test->gtest;
      t.max = test->points;
      t.repetitions = base.repeat.value_or(test->repetitions);
      t.visibility = test->visibility;
      lr.tests.push_back(std::move(t));
    }
    r.labs.push_back(std::move(lr));
  }
  score_submission(r);
  return r;
}

bool nothing_ran(const TestResult& t) {
  return !t.configs.empty() && std::all_of(t.configs.begin(), t.configs.end(), [](const ConfigOutcome& o) {
    return o.verdict == Verdict::not_submitted || o.verdict == Verdict::forbidden ||
           o.verdict == Verdict::not_compiled || o.verdict == Verdict::error;
  });
}

// Bookkeeping across tests: the deadline, the iterations still planned, the measured rate.
class Progress {
 public:
  Progress(const ProgressiveOptions& options, int iterations) : options_(options), iterations_left_(iterations) {}

  bool stopped() const { return options_.stop && options_.stop->load(); }

  BudgetState state() const {
    BudgetState s;
    s.iterations_left = iterations_left_;
    if (iterations_done_ > 0) s.seconds_per_iteration = seconds_ / iterations_done_;
    if (!options_.budget) {
      s.remaining = std::chrono::hours(24 * 365);
      return s;
    }
    const auto deadline = options_.start + *options_.budget - budget_reserve(*options_.budget);
    s.remaining = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    return s;
  }

  // `seconds` of wall time ran `iterations` planned ones; `planned` leave the estimate.
  void record(double seconds, int iterations, int planned, bool measure) {
    iterations_left_ -= planned;
    if (!measure || iterations <= 0) return;
    seconds_ += seconds;
    iterations_done_ += iterations;
  }

 private:
  const ProgressiveOptions& options_;
  int iterations_left_;
  double seconds_ = 0;
  int iterations_done_ = 0;
};

int planned_iterations(const PipelineOptions& base, const TestSpec& test, std::size_t configs) {
  return static_cast<int>(configs) * base.repeat.value_or(test.repetitions);
}

class Runner {
 public:
  Runner(const fs::path& dir, const std::vector<const LabSpec*>& labs, const PipelineOptions& base,
         const ProgressiveOptions& options)
      : dir_(dir), labs_(labs), base_(base), options_(options), out_{skeleton(dir, labs, base), false, kNotRunBudget},
        progress_(options, total_iterations()) {}

  ProgressiveResult run() {
    notify();
    for (std::size_t l = 0; l < labs_.size() && !out_.cut_short; ++l) run_lab(l);
    score_submission(out_.result);
    notify();
    return std::move(out_);
  }

 private:
  int total_iterations() const {
    int n = 0;
    for (const LabSpec* lab : labs_) {
      for (const auto& [test, configs] : select_tests(*lab, base_)) n += planned_iterations(base_, *test, configs.size());
    }
    return n;
  }

  void notify() {
    if (options_.on_progress) options_.on_progress(out_.result, out_.not_run_reason);
  }

  bool may_start() {
    if (progress_.stopped()) {
      out_.cut_short = true;
      out_.not_run_reason = kNotRunStopped;
      return false;
    }
    return true;
  }

  // Grades `ids` of lab `l` in one pipeline call and stores their results; returns the wall time.
  double grade_step(std::size_t l, const LabSpec& spec, const std::set<std::string>& ids) {
    PipelineOptions o = base_;
    o.only = ids;
    const auto began = Clock::now();
    SubmissionResult one = grade_submission(dir_, {&spec}, o);
    LabResult& lab = out_.result.labs[l];
    for (auto& t : one.labs.front().tests) {
      auto slot = std::find_if(lab.tests.begin(), lab.tests.end(), [&](const TestResult& x) { return x.id == t.id; });
      if (slot != lab.tests.end()) *slot = std::move(t);
    }
    if (!one.labs.front().build_log.empty()) lab.build_log = one.labs.front().build_log;
    lab.submitted = one.labs.front().submitted;
    score_submission(out_.result);
    notify();
    return std::chrono::duration<double>(Clock::now() - began).count();
  }

  void run_lab(std::size_t l) {
    const LabSpec& lab = *labs_[l];
    const auto selection = select_tests(lab, base_);
    for (std::size_t t = 0; t < selection.size(); ++t) {
      if (!may_start()) return;
      const auto& [test, configs] = selection[t];
      const int planned = planned_iterations(base_, *test, configs.size());
      const TestPlan plan = plan_test(progress_.state(), base_.repeat.value_or(test->repetitions), test->time_limit);
      if (!plan.run) {
        out_.cut_short = true;
        return;
      }
      const LabSpec spec = planned_lab(lab, test->id, plan, !base_.repeat.has_value());
      const double seconds = grade_step(l, spec, {test->id});
      const int reps = base_.repeat.value_or(plan.repetitions);
      // The first test of a lab also pays for the build: it would overstate the rate.
      progress_.record(seconds, static_cast<int>(configs.size()) * reps, planned, t > 0);
      if (t == 0 && nothing_ran(out_.result.labs[l].tests.front())) {
        finish_lab_at_once(l, lab, selection);
        return;
      }
    }
  }

  // Nothing of the student can run in this lab: the remaining tests all fail the same way, fast.
  void finish_lab_at_once(std::size_t l, const LabSpec& lab, const Selection& selection) {
    std::set<std::string> rest;
    for (std::size_t t = 1; t < selection.size(); ++t) rest.insert(selection[t].first->id);
    if (!rest.empty() && may_start()) grade_step(l, lab, rest);
  }

  const fs::path& dir_;
  const std::vector<const LabSpec*>& labs_;
  const PipelineOptions& base_;
  const ProgressiveOptions& options_;
  ProgressiveResult out_;
  Progress progress_;
};

}  // namespace

LabSpec planned_lab(const LabSpec& lab, const std::string& test_id, const TestPlan& plan, bool plan_repetitions) {
  LabSpec copy = lab;
  for (auto& t : copy.tests) {
    if (t.id != test_id) continue;
    if (plan_repetitions) t.repetitions = plan.repetitions;
    // A cut-short run shrinks the schedule search too, or it would take its full default.
    if (t.controlled && (plan.share < 1.0 || plan.time_limit < t.time_limit)) {
      t.controlled->budget = shrunk_search_budget(*t.controlled, plan.share, plan.time_limit);
    }
    t.time_limit = plan.time_limit;
    if (t.watchdog >= t.time_limit) t.watchdog = std::chrono::duration_cast<milliseconds>(t.time_limit) / 2;
  }
  return copy;
}

ProgressiveResult grade_progressively(const fs::path& dir, const std::vector<const LabSpec*>& labs,
                                      const PipelineOptions& base, const ProgressiveOptions& options) {
  return Runner(dir, labs, base, options).run();
}

}  // namespace grader
