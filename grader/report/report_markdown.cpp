// Markdown feedback for one graded submission.
#include "report_markdown.hpp"

#include <fmt/format.h>

#include "replay.hpp"
#include "run_counts.hpp"
#include "scoring.hpp"

namespace grader {

namespace {

constexpr std::size_t kFeedbackLogCap = 6000;

std::string capped(const std::string& text) {
  if (text.size() <= kFeedbackLogCap) return text;
  return text.substr(0, kFeedbackLogCap) + fmt::format("\n[... {} more bytes]\n", text.size() - kFeedbackLogCap);
}

std::string code_block(const std::string& text) {
  std::string body = capped(text);
  if (!body.empty() && body.back() != '\n') body += '\n';
  return "```\n" + body + "```\n";
}

std::string failure_section(const LabResult& lab, const TestResult& t, const ConfigOutcome& o, const std::string& invoker) {
  std::string md = fmt::format("- **Why** ({} build): {}{}\n", o.config, o.reason, failed_runs_note(o));
  if (o.verdict == Verdict::error) md += "- This is a problem of the grader, not of your code: it will be graded again.\n";
  if (!o.file.empty()) md += fmt::format("- **Where**: `{}{}`\n", o.file, o.line > 0 ? fmt::format(":{}", o.line) : "");
  if (o.verdict == Verdict::fail || o.verdict == Verdict::timeout || o.verdict == Verdict::crash) {
    const std::string cmd = replay_command(student_replay_spec(invoker, lab.id, t.id, t.repetitions, o));
    md += fmt::format("- **{}**: `{}`\n", o.replay_is_exact() ? "Replay" : "Re-run (may not reproduce)", cmd);
  }
  if (o.failing_schedule()) {
    md += fmt::format("- **Interleaving**: {} One column per thread, » marks a preemption:\n\n",
                      controlled_summary(*o.controlled));
    md += code_block(o.controlled->trace);
  }
  if (!o.detail.empty() && o.verdict != Verdict::not_compiled) md += "\nDetails:\n\n" + code_block(o.detail);
  for (const auto& a : o.artifacts) md += fmt::format("- **Attached**: `{}` ({}; shown in the HTML feedback)\n", a.name, a.media_type);
  return md;
}

std::string test_section(const LabResult& lab, const TestResult& t, const std::string& invoker) {
  std::string md = fmt::format("### {} {} ({}/{})\n\n{}\n\n", t.passed ? "PASS" : "FAIL", t.id,
                               format_points(t.points), format_points(t.max), t.name);
  const ConfigOutcome* failure = t.first_failure();
  if (!failure) return md;
  if (t.visibility == Visibility::hidden) return md + "This test is hidden; its details are not shown.\n\n";
  return md + failure_section(lab, t, *failure, invoker) + "\n";
}

std::string lab_section(const LabResult& lab, const std::string& invoker) {
  std::string md = fmt::format("## {}: {} ({}/{})\n\n", lab.id, lab.title, format_points(lab.score), format_points(lab.max));
  if (!lab.submitted) return md + fmt::format("Not submitted: no `{}/` directory was found.\n\n", lab.id);
  if (!lab.build_log.empty()) md += "Your code did not compile. The compiler said:\n\n" + code_block(lab.build_log) + "\n";
  for (const auto& t : lab.tests) md += test_section(lab, t, invoker);
  return md;
}

}  // namespace

std::string feedback_markdown(const SubmissionResult& result, const std::string& invoker) {
  std::string md = fmt::format("# Feedback for {}\n\n**Score: {}/{}**\n\n", result.name, format_points(result.score),
                               format_points(result.max));
  if (!result.error.empty()) md += "Grading failed: " + result.error + "\n\n";
  for (const auto& lab : result.labs) md += lab_section(lab, invoker);
  md += fmt::format("Run `{} check <lab>` to check your work yourself; a replay command above repeats the failure "
                    "exactly (its interleaving, or a lab whose every run is the same); a re-run repeats the test "
                    "with the same seed, which may not reproduce a failure that depends on timing.\n", invoker);
  return md;
}

}  // namespace grader
