// Verdict classification: exit status + results file + sanitizer log -> verdict, reason, student line.
#include "verdict.hpp"

#include <fmt/format.h>

#include <array>
#include <csignal>

#include "runner.hpp"

namespace grader {

namespace {

constexpr const char* kUnsealedPass =
    "the test did not run to its end: the results file says pass, but the harness never finished the test's "
    "checks (your code ended the process early or wrote the results itself)";

std::string headline(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string rest_lines(const std::string& text) {
  const auto nl = text.find('\n');
  return nl == std::string::npos ? std::string() : text.substr(nl + 1);
}

// Sets file/line when `path` is one of the student's staged files.
void locate(Classification& c, const std::string& path, int line, const StageMap& stage) {
  if (auto rel = stage.to_submission(path)) {
    c.file = *rel;
    c.line = line;
  }
}

std::string at(const std::string& file, int line) {
  if (file.empty()) return {};
  return line > 0 ? fmt::format("{}:{}", file, line) : file;
}

const HarnessFinding* find_kind(const HarnessResults& results, const std::string& kind) {
  for (const auto& f : results.findings) {
    if (f.kind == kind) return &f;
  }
  return nullptr;
}

const HarnessEvidence* find_role(const HarnessResults& results, const std::string& role) {
  for (const auto& e : results.evidence) {
    if (e.role == role) return &e;
  }
  return nullptr;
}

Classification from_finding(const HarnessFinding& finding, const StageMap& stage) {
  Classification c{Verdict::fail, headline(finding.message), rest_lines(finding.message), {}, 0, {}};
  if (c.reason.empty()) c.reason = fmt::format("the test reported a {} failure", finding.kind);
  locate(c, finding.file, finding.line, stage);
  return c;
}

bool weak_for(const std::string& role, const std::string& order) {
  if (role == "acquire") return order == "relaxed" || order == "release";
  return order == "relaxed" || order == "acquire" || order == "consume";
}

// "the exchange at mutex/locks.cpp:14 that lets a thread in uses memory_order_relaxed - entering needs
//  acquire, leaving needs release (and the release at mutex/locks.cpp:20 is relaxed)". Worded for every lab
// (a lock, a semaphore's permit, a barrier's round), not only for lock()/unlock(). Memory orders are
// named only when one of them is too weak: with correct orders the race is a logic error (two threads
// let in at once), and no line of the student's is known to be the wrong one, so none is named.
std::string evidence_sentence(const HarnessEvidence* acq, const HarnessEvidence* rel, const StageMap& stage,
                              Classification& c) {
  auto where = [&](const HarnessEvidence& e) {
    return at(stage.to_submission(e.file).value_or(""), e.line);
  };
  const bool acq_weak = acq && weak_for("acquire", acq->order);
  const bool rel_weak = rel && weak_for("release", rel->order);
  if (!acq_weak && !rel_weak) {
    return ": two threads used it at the same time, so your code let a second thread in while the first was "
           "still inside (the memory orders of your operations are right: look for a check and an update "
           "that are not one atomic step)";
  }
  const HarnessEvidence* blamed = acq_weak ? acq : rel;
  locate(c, blamed->file, blamed->line, stage);
  std::string text = acq_weak
      ? fmt::format("; the {} at {} that lets a thread in uses memory_order_{}", acq->op, where(*acq), acq->order)
      : fmt::format("; the {} at {} that lets the next thread in uses memory_order_{}", rel->op, where(*rel),
                    rel->order);
  text += " - entering needs acquire, leaving needs release";
  if (acq_weak && rel_weak) text += fmt::format(" (and the release at {} is {})", where(*rel), rel->order);
  return text;
}

// A pass counts only with the seal of a complete run: the secret this run got, its test, every repetition.
bool sealed(const RunEvidence& run, const HarnessResults& results) {
  if (!run.expected_seal) return true;
  const ExpectedSeal& expected = *run.expected_seal;
  return results.seal && !expected.token.empty() && results.seal->token == expected.token &&
         results.seal->test == expected.test && results.seal->passed_runs == expected.repeat;
}

// The student's frame nearest the top of one stack of the report, or null.
template <class Pred>
const SanitizerFrame* student_frame(const std::vector<SanitizerFrame>& stack, Pred is_student) {
  for (const auto& frame : stack) {
    if (!frame.file.empty() && is_student(frame.file)) return &frame;
  }
  return nullptr;
}

// Exit statuses that only our side produces, when no results file explains them: 2 is the harness
// rejecting the command line the grader gave it; 126/127 are the shell/bwrap failing to execute the
// test binary (a missing library, a binary removed by a concurrent build).
std::optional<Classification> our_failure(const RunEvidence& run) {
  if (run.results || run.signal != 0 || run.timed_out) return std::nullopt;
  const char* what = run.exit_code == 2     ? "the harness rejected the grader's command line (exit status 2)"
                     : run.exit_code == 126 ? "the test binary could not be executed (exit status 126)"
                     : run.exit_code == 127 ? "the test binary or a library it needs is missing (exit status 127)"
                                            : nullptr;
  if (what == nullptr) return std::nullopt;
  return Classification{Verdict::error, std::string("grader error: ") + what, {}, {}, 0, {}};
}

}  // namespace

Classification explain_sanitizer(const SanitizerReport& report, const HarnessResults* results, const StageMap& stage) {
  Classification c{Verdict::fail, fmt::format("{}: {}", report.tool, report.kind), report.text, {}, 0, {}};
  auto is_student = [&](const std::string& file) { return stage.to_submission(file).has_value(); };
  if (const SanitizerFrame* frame = report.first_frame(is_student)) {
    locate(c, frame->file, frame->line, stage);
    c.reason += fmt::format(" in {} at {}", frame->function, at(c.file, c.line));
    // A data race has two sides: the access (first stack) and the earlier one it raced with (second).
    const SanitizerFrame* other = report.kind == "data race" && report.stacks.size() > 1
                                      ? student_frame(report.stacks[1], is_student) : nullptr;
    if (other && student_frame(report.stacks[0], is_student) == frame) {
      const std::string other_file = stage.to_submission(other->file).value_or(other->file);
      c.reason += fmt::format(", racing with {} at {}", other->function, at(other_file, other->line));
    }
    return c;
  }
  const HarnessEvidence* acq = results ? find_role(*results, "acquire") : nullptr;
  const HarnessEvidence* rel = results ? find_role(*results, "release") : nullptr;
  if (report.kind == "data race" && (acq || rel)) {
    c.reason += " on the data your code protects" + evidence_sentence(acq, rel, stage, c);
  } else if (report.kind == "data race" && !report.stacks.empty() && !report.stacks.front().empty()) {
    // Only the test's own code raced: the data it guards with the student's primitive was not ordered.
    c.reason += fmt::format(" on data the test protects with your code (in {})", report.stacks.front().front().function);
  }
  return c;
}

Classification classify_run(const RunEvidence& run, const StageMap& stage) {
  const HarnessResults* results = run.results ? &*run.results : nullptr;
  Classification c;
  if (results && results->failed_seed) c.failed_seed = results->failed_seed;
  auto with_seed = [&](Classification k) { k.failed_seed = c.failed_seed; return k; };

  if (run.exit_code == 0 && results && results->passed && !run.sanitizer_log_present) {
    if (sealed(run, *results)) return with_seed(Classification{Verdict::pass, {}, {}, {}, 0, {}});
    return with_seed({Verdict::fail, kUnsealedPass, {}, {}, 0, {}});
  }
  if (results) {
    if (const auto* todo = find_kind(*results, "todo")) return with_seed(from_finding(*todo, stage));
    // The watchdog could not judge: the test's threads got no CPU. The machine's fault; --resume retries.
    if (const auto* overload = find_kind(*results, "overload")) {
      return with_seed({Verdict::error, "grader error: " + headline(overload->message), rest_lines(overload->message), {}, 0, {}});
    }
  }
  if (auto ours = our_failure(run)) return with_seed(*ours);
  // A thread leak is what ThreadSanitizer sees when a test ends early (watchdog, failed check) with
  // threads still blocked: the findings name the cause, the leak is only its consequence.
  const bool consequence = run.sanitizer && run.sanitizer->kind == "thread leak" && results && !results->findings.empty();
  if (run.sanitizer && !consequence) return with_seed(explain_sanitizer(*run.sanitizer, results, stage));
  if (results) {
    for (const char* kind : {"sanitizer", "watchdog", "check", "usage", "exception"}) {
      if (const auto* f = find_kind(*results, kind)) return with_seed(from_finding(*f, stage));
    }
    if (!results->findings.empty()) return with_seed(from_finding(results->findings.front(), stage));
  }
  if (run.sanitizer_log_present || run.exit_code == 66) {
    return with_seed({Verdict::fail, "the sanitizer stopped the test (its report is in the output)", {}, {}, 0, {}});
  }
  if (run.hung_after_finish) {
    return with_seed({Verdict::timeout,
                      fmt::format("your program did not exit within {} s after the test had finished: a static "
                                  "destructor or a thread that never ends?",
                                  std::chrono::duration<double>(run.exit_grace).count()),
                      {}, {}, 0, {}});
  }
  if (run.timed_out) {
    return with_seed({Verdict::timeout, fmt::format("timed out after {} s (killed)", run.time_limit.count()), {}, {}, 0, {}});
  }
  if (run.signal == SIGILL) {
    // The builds compile submissions with -fsanitize=signed-integer-overflow in trap mode (LabConfigs.cmake).
    return with_seed({Verdict::crash,
                      "crashed with SIGILL (an illegal instruction): every build stops a signed integer overflow "
                      "this way, so most likely an int of yours overflowed; keep such values unsigned or wider "
                      "(the asan build, where the lab has one, names the line)",
                      {}, {}, 0, {}});
  }
  if (run.signal != 0) {
    return with_seed({Verdict::crash, fmt::format("crashed with {}", signal_name(run.signal)), {}, {}, 0, {}});
  }
  if (results) {
    return with_seed({Verdict::fail, fmt::format("the test failed (exit status {})", run.exit_code), {}, {}, 0, {}});
  }
  return with_seed({Verdict::crash, fmt::format("the test process ended without a result (exit status {})", run.exit_code),
                    {}, {}, 0, {}});
}

}  // namespace grader
