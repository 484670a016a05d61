// Tests of verdict classification from (exit status, results file, sanitizer log) tuples.
#include "verdict.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "staging.hpp"

namespace grader {
namespace {

const StageMap kStage("/w/alice-1/stage");

HarnessResults results_from(const std::string& json) {
  auto parsed = parse_harness_results(json);
  EXPECT_TRUE(parsed) << json;
  return parsed.value_or(HarnessResults{});
}

RunEvidence exited(int code, std::optional<HarnessResults> results) {
  RunEvidence run;
  run.exit_code = code;
  run.results = std::move(results);
  return run;
}

constexpr const char* kPass = R"({"schema":1,"test":"A.B","config":"plain","seed":7,"repeat":1,"iterations_run":1,
  "verdict":"pass","findings":[],"evidence":[]})";

std::string failing(const std::string& findings, const std::string& evidence = "[]") {
  return R"({"schema":1,"test":"A.B","config":"tsan","seed":7,"repeat":3,"iterations_run":2,"verdict":"fail",
    "failed_seed":8,"findings":)" + findings + R"(,"evidence":)" + evidence + "}";
}

TEST(Verdict, PassNeedsExitZeroPassResultsAndNoSanitizerLog) {
  EXPECT_EQ(classify_run(exited(0, results_from(kPass)), kStage).verdict, Verdict::pass);
  auto logged = exited(0, results_from(kPass));
  logged.sanitizer_log_present = true;
  EXPECT_EQ(classify_run(logged, kStage).verdict, Verdict::fail);
  EXPECT_EQ(classify_run(exited(0, std::nullopt), kStage).verdict, Verdict::crash);
  EXPECT_NE(classify_run(exited(1, results_from(kPass)), kStage).verdict, Verdict::pass);
}

TEST(Verdict, TodoComesFirstAndNamesTheStudentLine) {
  auto run = exited(4, results_from(failing(R"([
    {"kind":"check","message":"overlap"},
    {"kind":"todo","message":"SpinLock::lock is not implemented yet","file":"/w/alice-1/stage/mutex/locks.cpp","line":9}])")));
  const auto c = classify_run(run, kStage);
  EXPECT_EQ(c.verdict, Verdict::fail);
  EXPECT_EQ(c.reason, "SpinLock::lock is not implemented yet");
  EXPECT_EQ(c.file, "mutex/locks.cpp");
  EXPECT_EQ(c.line, 9);
  EXPECT_EQ(c.failed_seed, 8u);
}

// A failed check outranks a usage error: a lock that lets two threads in also sees "unlock of an
// unlocked lock" as a consequence, and the overlap is the cause to show.
TEST(Verdict, FindingPriorityWatchdogCheckUsage) {
  auto run = exited(1, results_from(failing(R"([
    {"kind":"usage","message":"unlock of an unlocked lock","file":"/w/alice-1/stage/mutex/locks.cpp","line":20},
    {"kind":"check","message":"two threads inside\nthread 1 and 2"},
    {"kind":"watchdog","message":"deadlock: 2 threads blocked in futex_wait\ndetails"}])")));
  EXPECT_EQ(classify_run(run, kStage).reason, "deadlock: 2 threads blocked in futex_wait");
  run.results->findings.pop_back();
  auto c = classify_run(run, kStage);
  EXPECT_EQ(c.reason, "two threads inside");
  EXPECT_EQ(c.detail, "thread 1 and 2");
  EXPECT_EQ(c.file, "");
  run.results->findings.pop_back();
  c = classify_run(run, kStage);
  EXPECT_EQ(c.reason, "unlock of an unlocked lock");
  EXPECT_EQ(c.file, "mutex/locks.cpp");
  EXPECT_EQ(c.line, 20);
}

TEST(Verdict, HarnessPathsOutsideTheStageAreNotShown) {
  auto run = exited(1, results_from(failing(R"([{"kind":"check","message":"x","file":"/work/main/harness/src/a.cpp","line":3}])")));
  const auto c = classify_run(run, kStage);
  EXPECT_EQ(c.file, "");
  EXPECT_EQ(c.line, 0);
}

TEST(Verdict, SanitizerReportNamesTheStudentFrame) {
  auto run = exited(66, std::nullopt);
  run.sanitizer_log_present = true;
  run.sanitizer = parse_sanitizer_log(
      "WARNING: ThreadSanitizer: data race (pid=1)\n  Write of size 4 at 0x1 by thread T1:\n"
      "    #0 lab::SpinLock::unlock() /w/alice-1/stage/mutex/locks.cpp:21 (tests+0x1)\n"
      "    #1 harness::f() /work/main/harness/src/stress.cpp:5 (tests+0x2)\n");
  const auto c = classify_run(run, kStage);
  EXPECT_EQ(c.verdict, Verdict::fail);
  EXPECT_EQ(c.reason, "ThreadSanitizer: data race in lab::SpinLock::unlock() at mutex/locks.cpp:21");
  EXPECT_EQ(c.file, "mutex/locks.cpp");
  EXPECT_EQ(c.line, 21);
}

TEST(Verdict, SanitizerWithoutStudentFrameUsesEvidence) {
  auto run = exited(66, results_from(failing("[]", R"([
    {"role":"acquire","op":"exchange","order":"relaxed","file":"/w/alice-1/stage/mutex/locks.cpp","line":14},
    {"role":"release","op":"store","order":"relaxed","file":"/w/alice-1/stage/mutex/locks.cpp","line":20}])")));
  run.sanitizer_log_present = true;
  run.sanitizer = parse_sanitizer_log(
      "WARNING: ThreadSanitizer: data race (pid=1)\n    #0 harness::CriticalSection::enter(int) /work/main/harness/src/cs.cpp:27 (t+0x1)\n");
  const auto c = classify_run(run, kStage);
  EXPECT_EQ(c.reason,
            "ThreadSanitizer: data race on the data your code protects; the exchange at mutex/locks.cpp:14 that lets a "
            "thread in uses memory_order_relaxed - entering needs acquire, leaving needs release (and the release at "
            "mutex/locks.cpp:20 is relaxed)");
  EXPECT_EQ(c.file, "mutex/locks.cpp");
  EXPECT_EQ(c.line, 14);
}

// Correct orders: the race on the test's data is a logic error of the lock. No memory-order advice, and
// no line named (the evidence's sites are correct code, possibly of another function).
TEST(Verdict, SanitizerWithCorrectOrdersGivesNoMemoryOrderAdvice) {
  auto run = exited(66, results_from(failing("[]", R"([
    {"role":"acquire","op":"exchange","order":"acquire","file":"/w/alice-1/stage/mutex/locks.cpp","line":26},
    {"role":"release","op":"store","order":"release","file":"/w/alice-1/stage/mutex/locks.cpp","line":32}])")));
  run.sanitizer_log_present = true;
  run.sanitizer = parse_sanitizer_log(
      "WARNING: ThreadSanitizer: data race (pid=1)\n    #0 harness::CriticalSection::enter(int) /work/main/harness/src/cs.cpp:27 (t+0x1)\n");
  const auto c = classify_run(run, kStage);
  EXPECT_EQ(c.reason.find("check the memory orders"), std::string::npos) << c.reason;
  EXPECT_EQ(c.reason.find("memory_order_"), std::string::npos) << c.reason;
  EXPECT_NE(c.reason.find("let a second thread in while the first was still inside"), std::string::npos) << c.reason;
  EXPECT_EQ(c.file, "");
  EXPECT_EQ(c.line, 0);
}

// A race inside the student's code names both of its sides.
TEST(Verdict, SanitizerRaceInStudentCodeNamesBothSides) {
  auto run = exited(66, std::nullopt);
  run.sanitizer_log_present = true;
  run.sanitizer = parse_sanitizer_log(
      "WARNING: ThreadSanitizer: data race (pid=1)\n  Write of size 4 at 0x1 by thread T1:\n"
      "    #0 Buffer::put(int) /w/alice-1/stage/monitor/monitor.cpp:40 (tests+0x1)\n"
      "    #1 harness::f() /work/main/harness/src/stress.cpp:5 (tests+0x2)\n"
      "  Previous read of size 4 at 0x1 by thread T2:\n"
      "    #0 harness::g() /work/main/harness/src/stress.cpp:9 (tests+0x3)\n"
      "    #1 Buffer::take() /w/alice-1/stage/monitor/monitor.cpp:57 (tests+0x4)\n");
  const auto c = classify_run(run, kStage);
  EXPECT_EQ(c.reason,
            "ThreadSanitizer: data race in Buffer::put(int) at monitor/monitor.cpp:40, racing with Buffer::take() at "
            "monitor/monitor.cpp:57");
  EXPECT_EQ(c.line, 40);
}

TEST(Verdict, SanitizerWithoutStudentFrameOrEvidenceNamesTheTestCode) {
  auto run = exited(66, std::nullopt);
  run.sanitizer_log_present = true;
  run.sanitizer = parse_sanitizer_log(
      "WARNING: ThreadSanitizer: data race (pid=1)\n    #0 harness::CriticalSection::enter(int) /h/cs.cpp:27 (t+0x1)\n");
  EXPECT_EQ(classify_run(run, kStage).reason,
            "ThreadSanitizer: data race on data the test protects with your code (in harness::CriticalSection::enter(int))");
}

TEST(Verdict, TimeoutSignalsAndMissingResults) {
  RunEvidence timeout;
  timeout.timed_out = true;
  timeout.signal = SIGKILL;
  timeout.time_limit = std::chrono::seconds(60);
  EXPECT_EQ(classify_run(timeout, kStage).verdict, Verdict::timeout);
  EXPECT_EQ(classify_run(timeout, kStage).reason, "timed out after 60 s (killed)");

  RunEvidence segv;
  segv.signal = SIGSEGV;
  EXPECT_EQ(classify_run(segv, kStage).verdict, Verdict::crash);
  EXPECT_EQ(classify_run(segv, kStage).reason, "crashed with SIGSEGV");

  // Every build traps on signed integer overflow (LabConfigs.cmake): SIGILL says so.
  RunEvidence ill;
  ill.signal = SIGILL;
  EXPECT_EQ(classify_run(ill, kStage).verdict, Verdict::crash);
  EXPECT_NE(classify_run(ill, kStage).reason.find("SIGILL"), std::string::npos);
  EXPECT_NE(classify_run(ill, kStage).reason.find("signed integer overflow"), std::string::npos);

  EXPECT_EQ(classify_run(exited(3, std::nullopt), kStage).reason,
            "the test process ended without a result (exit status 3)");
  auto sanitizer_exit = exited(66, std::nullopt);
  EXPECT_EQ(classify_run(sanitizer_exit, kStage).verdict, Verdict::fail);
}

// A passing results file (the harness's, or one forged by the student) followed by a process that never
// ends is not a pass: it was killed after the grace, and the reason says what hung.
TEST(Verdict, AHangAfterAPassingResultIsNotAPass) {
  auto run = exited(-1, results_from(kPass));
  run.signal = SIGKILL;
  run.hung_after_finish = true;
  run.exit_grace = std::chrono::seconds(2);
  const Classification c = classify_run(run, kStage);
  EXPECT_EQ(c.verdict, Verdict::timeout);
  EXPECT_EQ(c.reason,
            "your program did not exit within 2 s after the test had finished: a static destructor or a thread "
            "that never ends?");
}

TEST(Verdict, FindingsBeatTimeoutAndSignal) {
  auto run = exited(-1, results_from(failing(R"([{"kind":"watchdog","message":"livelock: 2 threads spin"}])")));
  run.signal = SIGABRT;
  EXPECT_EQ(classify_run(run, kStage).reason, "livelock: 2 threads spin");
}

TEST(Verdict, ThreadLeakAfterAWatchdogFindingIsOnlyAConsequence) {
  auto run = exited(3, results_from(failing(R"([{"kind":"watchdog","message":"deadlock: every thread is asleep",
    "file":"/w/alice-1/stage/mutex/locks.cpp","line":61}])")));
  run.sanitizer_log_present = true;
  run.sanitizer = parse_sanitizer_log("WARNING: ThreadSanitizer: thread leak (pid=2)\n    #0 pthread_create x.cpp:1 (t+0x1)\n");
  const auto c = classify_run(run, kStage);
  EXPECT_EQ(c.reason, "deadlock: every thread is asleep");
  EXPECT_EQ(c.line, 61);
  run.results->findings.clear();
  EXPECT_EQ(classify_run(run, kStage).reason, "ThreadSanitizer: thread leak");
}

// Our failures are grader errors (ERROR in the gradebook, retried by grade --resume), never the student's.
TEST(Verdict, AnOverloadedMachineIsAGraderError) {
  auto run = exited(3, results_from(failing(R"([{"kind":"overload","message":"No progress for 5 s: the test's threads were ready to run but the machine gave them no CPU\n  worker 0: ..."}])")));
  const auto c = classify_run(run, kStage);
  EXPECT_EQ(c.verdict, Verdict::error);
  EXPECT_EQ(c.reason.rfind("grader error: No progress for 5 s", 0), 0u) << c.reason;
}

TEST(Verdict, ExitStatusesOnlyOurSideProducesAreGraderErrors) {
  for (int status : {2, 126, 127}) {
    const auto c = classify_run(exited(status, std::nullopt), kStage);
    EXPECT_EQ(c.verdict, Verdict::error) << status;
    EXPECT_EQ(c.reason.rfind("grader error: ", 0), 0u) << c.reason;
  }
  // With a results file the harness ran the test: its findings decide.
  auto run = exited(2, results_from(failing(R"([{"kind":"check","message":"two threads inside"}])")));
  EXPECT_EQ(classify_run(run, kStage).verdict, Verdict::fail);
  EXPECT_EQ(classify_run(exited(1, std::nullopt), kStage).verdict, Verdict::crash);
}

TEST(HarnessResults, RejectsMalformedFiles) {
  std::string error;
  EXPECT_FALSE(parse_harness_results("{", &error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(parse_harness_results(R"({"schema":1})"));
  const auto r = parse_harness_results(failing("[]"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->passed);
  EXPECT_EQ(r->iterations_run, 2);
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

// What the grader knows independently: its secret, the test and the repeat count it asked for.
RunEvidence sealed_run(const std::string& seal_json) {
  RunEvidence run;
  run.exit_code = 0;
  run.results = parse_harness_results(R"({"schema":1,"test":"A.B","config":"plain","seed":7,"repeat":2,)"
                                      R"("iterations_run":2,"verdict":"pass","findings":[],"evidence":[])" +
                                      seal_json + "}");
  run.expected_seal = ExpectedSeal{"0123abcd", "A.B", 2};
  return run;
}

TEST(VerdictSeal, PassNeedsTheSealOfThisRunTestAndEveryRepetition) {
  EXPECT_EQ(classify_run(sealed_run(R"(,"seal":{"token":"0123abcd","test":"A.B","passed_runs":2})"), kStage).verdict,
            Verdict::pass);
  for (const char* forged : {"",                                                         // no seal at all
                             R"(,"seal":{"token":"ffffffff","test":"A.B","passed_runs":2})",  // another secret
                             R"(,"seal":{"token":"0123abcd","test":"C.D","passed_runs":2})",  // another test
                             R"(,"seal":{"token":"0123abcd","test":"A.B","passed_runs":1})",  // ended early
                             R"(,"seal":{"token":"","test":"A.B","passed_runs":2})"}) {
    const Classification c = classify_run(sealed_run(forged), kStage);
    EXPECT_EQ(c.verdict, Verdict::fail) << forged;
    EXPECT_NE(c.reason.find("the test did not run to its end"), std::string::npos) << c.reason;
  }
}

TEST(VerdictSeal, AnEmptyExpectedSecretNeverSeals) {
  RunEvidence run = sealed_run(R"(,"seal":{"token":"","test":"A.B","passed_runs":2})");
  run.expected_seal->token = "";
  EXPECT_EQ(classify_run(run, kStage).verdict, Verdict::fail);
}

}  // namespace
}  // namespace grader
