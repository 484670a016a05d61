// Controlled mode end to end: the reference passes, interleaving-bug mutants are caught by every strategy,
// a printed schedule replays the same failure and trace, and a deadlock names its threads and lines.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

// "name=path,name=path" from CMake.
std::map<std::string, std::string> binaries() {
  std::map<std::string, std::string> all;
  std::stringstream list(CONTROLLED_BINARIES);
  for (std::string item; std::getline(list, item, ',');) {
    const auto eq = item.find('=');
    all[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return all;
}

struct Outcome {
  int status = -1;
  nlohmann::json results;
};

// Runs one controlled test (`suite`.`test`) of `submission`'s binary with `flags`; returns its exit status
// and results file.
Outcome run(const std::string& submission, const std::string& test, const std::string& flags,
            const std::string& suite = "Controlled") {
  const std::string results = testing::TempDir() + "controlled_" + std::to_string(::getpid()) + ".json";
  std::remove(results.c_str());
  const std::string command = binaries().at(submission) + " --gtest_filter=" + suite + "." + test +
                              " --lab-results=" + results + " " + flags + " > /dev/null 2>&1";
  Outcome r;
  const int raw = std::system(command.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  if (std::ifstream in(results); in) r.results = nlohmann::json::parse(in, nullptr, false);
  std::remove(results.c_str());  // read: nothing of the run stays in the temporary directory
  return r;
}

std::string first_message(const Outcome& r) {
  if (!r.results.contains("findings") || r.results["findings"].empty()) return "";
  return r.results["findings"][0]["message"].get<std::string>();
}

// The failure itself, without the line that says how it was found (search or replay).
std::string failure_text(const Outcome& r) {
  const std::string message = first_message(r);
  return message.substr(0, message.find("\nFound by the controlled scheduler"));
}

// Which test must catch which mutant, and why it is an interleaving bug (see docs/controlled.md).
const std::map<std::string, std::string> kMutantTest = {
    {"mutex_unlock_lost_wakeup", "MutexNoLostWakeup"},  // a waiter's 2 lands between unlock's load and store
    {"mutex_relock_with_1", "MutexNoLostWakeup"},       // needs two sleepers and a woken one relocking with 1
    {"mutex_unlock_no_wake", "MutexNoLostWakeup"},      // needs a waiter to be asleep when the holder unlocks
    {"spin_load_then_store", "SpinLockExclusion"},      // needs a switch between the load and the store
    {"ticket_increment_race", "TicketLockExclusion"},   // needs a switch between the ticket's load and store
};

class Strategies : public testing::TestWithParam<std::string> {};

TEST_P(Strategies, ReferencePasses) {
  for (const char* test : {"SpinLockExclusion", "TicketLockExclusion", "MutexExclusion", "MutexNoLostWakeup"}) {
    const Outcome r = run("reference", test, "--lab-strategy=" + GetParam() + " --lab-schedules=150");
    EXPECT_EQ(r.status, 0) << test << ": " << first_message(r);
    EXPECT_EQ(r.results.value("verdict", ""), "pass") << test;
    EXPECT_EQ(r.results["controlled"].value("schedules_run", 0), 150) << test;
  }
}

TEST_P(Strategies, MutantsCaught) {
  for (const auto& [mutant, test] : kMutantTest) {
    for (int seed : {1, 2, 3}) {
      const Outcome r = run(mutant, test, "--lab-strategy=" + GetParam() + " --lab-seed=" + std::to_string(seed));
      EXPECT_EQ(r.status, 1) << mutant << " seed " << seed;
      EXPECT_EQ(r.results.value("verdict", ""), "fail") << mutant << " seed " << seed;
      ASSERT_TRUE(r.results.contains("controlled")) << mutant;
      EXPECT_TRUE(r.results["controlled"].value("schedule", "").starts_with("1:")) << mutant;
      EXPECT_NE(r.results["controlled"].value("trace", ""), "") << mutant;
    }
  }
}

// The cow lab's kernel is instrumented as the grader builds it: a plain `++` on a count is two scheduling
// points, so the lost update between them is found, and the trace shows it at the student's line.
TEST_P(Strategies, PlainAccessRaceCaught) {
  const Outcome reference = run("cow_reference", "TwoCpusForkWriteExit",
                                "--lab-strategy=" + GetParam() + " --lab-schedules=150", "CowControlled");
  EXPECT_EQ(reference.status, 0) << first_message(reference);
  EXPECT_EQ(reference.results["controlled"].value("schedules_run", 0), 150);
  for (int seed : {1, 2, 3}) {
    const Outcome r = run("cow_refcount_not_atomic", "TwoCpusForkWriteExit",
                          "--lab-strategy=" + GetParam() + " --lab-seed=" + std::to_string(seed), "CowControlled");
    EXPECT_EQ(r.status, 1) << "seed " << seed;
    const std::string trace = r.results["controlled"].value("trace", "");
    EXPECT_NE(trace.find("plain write (4 bytes) was "), std::string::npos) << trace;
    EXPECT_NE(trace.find("kernel.cpp: "), std::string::npos) << trace;  // the lines, named by addr2line
    EXPECT_NE(trace.find("refs_[frame]"), std::string::npos) << trace;
  }
}

// Built as the grader builds it, the student's lab::atomic calls read their std::source_location with
// plain loads in code of ours inlined into theirs. Those are the harness's, not the student's: the trace
// shows no plain access at all (the spin lock has none of its own), and the failure is still found.
TEST_P(Strategies, HarnessAccessesAreNotInTheTrace) {
  for (int seed : {1, 2, 3}) {
    const Outcome r = run("spin_load_then_store_instrumented", "SpinLockExclusion",
                          "--lab-strategy=" + GetParam() + " --lab-seed=" + std::to_string(seed));
    EXPECT_EQ(r.status, 1) << "seed " << seed;
    const std::string trace = r.results["controlled"].value("trace", "");
    EXPECT_NE(trace.find("locked_.load"), std::string::npos) << trace;
    EXPECT_EQ(trace.find("plain read"), std::string::npos) << trace;
    EXPECT_EQ(trace.find("plain write"), std::string::npos) << trace;
  }
}

// Cause first: a broken lock's overlap is reported before the misuse it leads to (the second holder's
// unlock finds the lock unlocked), whichever the schedule met first.
TEST_P(Strategies, OverlapBeforeTheUnlockItCauses) {
  for (int seed = 1; seed <= 6; ++seed) {
    const Outcome r = run("spin_load_then_store", "SpinLockExclusion",
                          "--lab-strategy=" + GetParam() + " --lab-seed=" + std::to_string(seed));
    ASSERT_EQ(r.status, 1) << "seed " << seed;
    bool check_seen = false;
    for (const auto& finding : r.results["findings"]) {
      if (finding.value("kind", "") == "check") check_seen = true;
      if (finding.value("kind", "") == "usage") {
        EXPECT_TRUE(check_seen || r.results["findings"].size() == 1) << r.results.dump(2);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Controlled, Strategies, testing::Values("random", "pct", "bounded"));

// The starter code's TODOs end a controlled test as they end any other: exit status 4 and a "todo"
// finding, which the grader shows as "not implemented yet" (not as a crash under the scheduler).
TEST(Starter, TodoIsNotImplementedYet) {
  const Outcome r = run("starter", "MutexExclusion", "");
  EXPECT_EQ(r.status, 4);
  ASSERT_TRUE(r.results.contains("findings") && !r.results["findings"].empty());
  EXPECT_EQ(r.results["findings"][0].value("kind", ""), "todo");
  EXPECT_NE(first_message(r).find("is not implemented yet"), std::string::npos) << first_message(r);
}

// The printed schedule string replays the same failure with the same trace, every time.
TEST(Replay, SameFailureAndTrace100Times) {
  const Outcome found = run("mutex_unlock_lost_wakeup", "MutexNoLostWakeup", "--lab-strategy=random");
  ASSERT_EQ(found.status, 1);
  const std::string schedule = found.results["controlled"]["schedule"];
  const std::string trace = found.results["controlled"]["trace"];
  const std::string message = failure_text(found);
  for (int i = 0; i < 100; ++i) {
    const Outcome again = run("mutex_unlock_lost_wakeup", "MutexNoLostWakeup", "--lab-schedule=" + schedule);
    ASSERT_EQ(again.status, 1) << "replay " << i;
    ASSERT_EQ(again.results["controlled"].value("trace", ""), trace) << "replay " << i;
    ASSERT_EQ(again.results["controlled"].value("schedule", ""), schedule) << "replay " << i;
    ASSERT_EQ(failure_text(again), message) << "replay " << i;
  }
}

// The same for a failure found at plain accesses: their points are as deterministic as lab:: ones.
TEST(Replay, PlainAccessFailureSameTrace100Times) {
  const Outcome found = run("cow_refcount_not_atomic", "TwoCpusForkWriteExit", "--lab-strategy=random", "CowControlled");
  ASSERT_EQ(found.status, 1);
  const std::string schedule = found.results["controlled"]["schedule"];
  const std::string trace = found.results["controlled"]["trace"];
  for (int i = 0; i < 100; ++i) {
    const Outcome again =
        run("cow_refcount_not_atomic", "TwoCpusForkWriteExit", "--lab-schedule=" + schedule, "CowControlled");
    ASSERT_EQ(again.status, 1) << "replay " << i;
    ASSERT_EQ(again.results["controlled"].value("trace", ""), trace) << "replay " << i;
    ASSERT_EQ(failure_text(again), failure_text(found)) << "replay " << i;
  }
}

// A schedule does not end at a misuse: the test's own check, reported later, comes first.
TEST(FindingsOrder, TheCauseComesBeforeTheMisuseItLedTo) {
  const Outcome r = run("findings_order", "MisuseBeforeTheCheckThatExplainsIt", "--lab-strategy=random");
  ASSERT_EQ(r.status, 1) << r.results.dump(2);
  const nlohmann::json& findings = r.results["findings"];
  ASSERT_GE(findings.size(), 2u) << r.results.dump(2);
  EXPECT_EQ(findings[0].value("kind", ""), "check") << r.results.dump(2);
  EXPECT_EQ(findings[1].value("kind", ""), "usage") << r.results.dump(2);
  const std::string trace = r.results["controlled"].value("trace", "");
  EXPECT_NE(trace.find("✗ 2 threads were inside the critical section"), std::string::npos) << trace;
}

TEST(Replay, MalformedScheduleIsAUsageError) {
  EXPECT_EQ(run("reference", "MutexExclusion", "--lab-schedule=banana").status, 2);
}

// A lost wake-up is a deadlock: the finding names each blocked thread, its operation and its line.
TEST(Deadlock, NamesWaitingThreadsAndLines) {
  const Outcome r = run("mutex_unlock_no_wake", "MutexNoLostWakeup", "--lab-strategy=bounded");
  ASSERT_EQ(r.status, 1);
  const nlohmann::json& finding = r.results["findings"][0];
  const std::string message = finding["message"];
  EXPECT_EQ(finding["kind"], "watchdog");
  EXPECT_TRUE(message.starts_with("Deadlock")) << message;
  EXPECT_NE(message.find("sleeps in futex_wait(state_, 2) at locks.cpp:"), std::string::npos) << message;
  EXPECT_NE(message.find("main thread waits for worker"), std::string::npos) << message;
  EXPECT_TRUE(finding["file"].get<std::string>().ends_with("locks.cpp")) << finding;
  EXPECT_EQ(r.results["controlled"].value("failure_kind", ""), "deadlock");
}

}  // namespace
