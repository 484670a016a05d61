// Tests of build.ninja generation and of compile/link error extraction from build logs.
#include "ninja_file.hpp"

#include <gtest/gtest.h>

#include "build.hpp"

namespace grader {
namespace {

NinjaPlan plan() {
  NinjaPlan p;
  p.compiler = "/usr/bin/c++";
  p.gtest_library = "/usr/lib/libgtest.a";
  p.include_dirs = {"/w/k/stage/mutex"};
  p.sources = {{"/w/k/stage/mutex/locks.cpp", "obj/mutex/locks.cpp.o"}, {"/src/adapter.cpp", "obj/adapter/adapter.cpp.o"}};
  p.configs = {{"plain", {"-O2", "-DLAB_CONFIG_NAME=\"plain\""}, {"-pthread"}, "/b/libtests_plain.a", "/b/libharness_plain.a"},
               {"tsan", {"-fsanitize=thread"}, {"-fsanitize=thread"}, "/b/libtests_tsan.a", "/b/libharness_tsan.a"}};
  return p;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(NinjaFile, CompileRuleUsesDepfiles) {
  const std::string n = make_build_ninja(plan());
  EXPECT_TRUE(has(n, "rule cxx\n  command = $cxx $flags -MMD -MF $out.d -c $in -o $out\n  depfile = $out.d\n  deps = gcc\n"));
  EXPECT_TRUE(has(n, "cxx = /usr/bin/c++\n"));
}

TEST(NinjaFile, OneCompileEdgePerSourceAndConfig) {
  const std::string n = make_build_ninja(plan());
  EXPECT_TRUE(has(n, "build plain/obj/mutex/locks.cpp.o: cxx /w/k/stage/mutex/locks.cpp\n"
                     "  flags = -O2 '-DLAB_CONFIG_NAME=\"plain\"' -I/w/k/stage/mutex\n"));
  EXPECT_TRUE(has(n, "build tsan/obj/adapter/adapter.cpp.o: cxx /src/adapter.cpp\n"));
}

TEST(NinjaFile, LinkWholeArchivesTheTestLibrary) {
  const std::string n = make_build_ninja(plan());
  // The harness too: a student function named like a harness function is a duplicate, not a replacement.
  EXPECT_TRUE(has(n, "-Wl,--whole-archive $test_library $harness_library -Wl,--no-whole-archive $gtest_library $link_flags -o $out"));
  EXPECT_TRUE(has(n, "build plain/tests: link plain/obj/mutex/locks.cpp.o plain/obj/adapter/adapter.cpp.o | "
                     "/b/libtests_plain.a /b/libharness_plain.a /usr/lib/libgtest.a\n"
                     "  test_library = /b/libtests_plain.a\n"));
  EXPECT_EQ(n, make_build_ninja(plan())) << "must be deterministic";
}

// An object copied in from the object cache is linked but never compiled (no edge ninja could run).
TEST(NinjaFile, PrebuiltObjectsAreLinkedNotCompiled) {
  NinjaPlan p = plan();
  p.prebuilt = {"plain/obj/mutex/locks.cpp.o"};
  const std::string n = make_build_ninja(p);
  EXPECT_FALSE(has(n, "build plain/obj/mutex/locks.cpp.o:")) << n;
  EXPECT_TRUE(has(n, "build plain/obj/adapter/adapter.cpp.o: cxx /src/adapter.cpp\n"));
  EXPECT_TRUE(has(n, "build tsan/obj/mutex/locks.cpp.o: cxx /w/k/stage/mutex/locks.cpp\n"));
  EXPECT_TRUE(has(n, "build plain/tests: link plain/obj/mutex/locks.cpp.o plain/obj/adapter/adapter.cpp.o | "));
}

TEST(NinjaFile, EscapesPathsAndDollars) {
  NinjaPlan p = plan();
  p.sources[0].source = "/w/my dir/a$b.cpp";
  p.configs.resize(1);
  p.configs[0].compile_flags = {"-DX=$HOME"};
  const std::string n = make_build_ninja(p);
  EXPECT_TRUE(has(n, "cxx /w/my$ dir/a$$b.cpp\n"));
  EXPECT_TRUE(has(n, "flags = '-DX=$$HOME'"));
}

// A student's switch.S is compiled by the same driver with the configuration's flags minus -std=c++20,
// and its object is linked like the C++ ones.
TEST(NinjaFile, AssemblySourcesDropTheLanguageStandard) {
  NinjaPlan p = plan();
  p.sources.insert(p.sources.begin() + 1, {"/w/k/stage/mutex/switch.S", "obj/mutex/switch.S.o"});
  p.configs.resize(1);
  p.configs[0].compile_flags = {"-std=c++20", "-O2", "-fsanitize=address"};
  const std::string n = make_build_ninja(p);
  EXPECT_TRUE(has(n, "build plain/obj/mutex/switch.S.o: cxx /w/k/stage/mutex/switch.S\n"
                     "  flags = -O2 -fsanitize=address -I/w/k/stage/mutex\n"));
  EXPECT_TRUE(has(n, "build plain/obj/mutex/locks.cpp.o: cxx /w/k/stage/mutex/locks.cpp\n"
                     "  flags = -std=c++20 -O2 -fsanitize=address -I/w/k/stage/mutex\n"));
  EXPECT_TRUE(has(n, "build plain/tests: link plain/obj/mutex/locks.cpp.o plain/obj/mutex/switch.S.o "
                     "plain/obj/adapter/adapter.cpp.o | "));
}

TEST(ShellQuote, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(shell_quote("-O2"), "-O2");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
}

TEST(BuildLog, FailedConfigsFromNinjaOutput) {
  const auto failed = failed_configs("[1/4] CXX plain/obj/a.o\nFAILED: tsan/obj/mutex/locks.cpp.o \nerror\nFAILED: tsan/tests\n");
  EXPECT_EQ(failed, (std::set<std::string>{"tsan"}));
}

TEST(BuildLog, PrefersTheFirstErrorInAStudentFile) {
  const std::string log =
      "FAILED: plain/obj/adapter/adapter.cpp.o\n"
      "harness/labs/mutex/adapter.cpp:20:5: error: 'class lab::SpinLock' has no member named 'try_lock'\n"
      "In file included from harness/labs/mutex/adapter.cpp:3:\n"
      "mutex/locks.hpp:12:3: error: expected ';' before '}' token\n";
  const BuildError e = first_build_error(log, {"mutex/locks.hpp", "mutex/locks.cpp"});
  EXPECT_EQ(e.message, "mutex/locks.hpp:12: error: expected ';' before '}' token");
  EXPECT_EQ(e.file, "mutex/locks.hpp");
  EXPECT_EQ(e.line, 12);
  const BuildError adapter_only = first_build_error(log.substr(0, log.find("In file")), {"mutex/locks.cpp"});
  EXPECT_EQ(adapter_only.file, "");
  EXPECT_NE(adapter_only.message.find("no member named 'try_lock'"), std::string::npos);
}

TEST(BuildLog, FirstFailureOutputDropsNinjaNoise) {
  const std::string log =
      "ninja: Entering directory `/w/k/mutex'\n[1/9] CXX plain/obj/mutex/locks.cpp.o\nFAILED: plain/obj/mutex/locks.cpp.o \n"
      "/usr/bin/c++ -O2 -c mutex/locks.cpp -o plain/obj/mutex/locks.cpp.o\n"
      "mutex/locks.cpp:7:32: error: 'memory_order_aquire' is not a member of 'std'\n    7 | x\n"
      "[2/9] CXX plain/obj/adapter/adapter.cpp.o\nFAILED: tsan/obj/mutex/locks.cpp.o\nsame again\n";
  EXPECT_EQ(first_failure_output(log), "mutex/locks.cpp:7:32: error: 'memory_order_aquire' is not a member of 'std'\n    7 | x\n");
  EXPECT_EQ(first_failure_output("[1/1] LINK plain/tests\n"), "");
}

TEST(BuildLog, LinkErrors) {
  const BuildError e = first_build_error(
      "/usr/bin/ld: plain/obj/adapter/adapter.cpp.o: in function `f':\nadapter.cpp:(.text+0x1): undefined reference to "
      "`lab::SpinLock::lock()'\ncollect2: error: ld returned 1 exit status\n", {});
  EXPECT_EQ(e.message, "link error: undefined reference to `lab::SpinLock::lock()'");
}

// mold (LABS_FAST_LINKER) words the same errors differently; the student reads ld's words either way.
TEST(BuildLog, MoldLinkErrorsReadAsLd) {
  EXPECT_EQ(first_build_error("mold: error: undefined symbol: lab::SpinLock::lock()\n>>> referenced by adapter.cpp\n"
                              "collect2: error: ld returned 1 exit status\n", {}).message,
            "link error: undefined reference to `lab::SpinLock::lock()'");
  EXPECT_EQ(first_build_error("mold: error: duplicate symbol: plain/obj/mutex/locks.cpp.o: "
                              "/b/harness/libharness_plain.a(lab_futex.cpp.o): lab::futex_wake(std::atomic<unsigned int>&, int)\n",
                              {}).message,
            "link error: multiple definition of `lab::futex_wake(std::atomic<unsigned int>&, int)'");
}

// A library of ours that the linker cannot use, or that needs a harness symbol nobody defines, is our
// failure; the student's undefined or duplicate symbols stay theirs.
TEST(BuildLog, OurLinkFailuresAreRecognised) {
  EXPECT_NE(our_link_failure("/usr/bin/ld: cannot find /w/build/harness/libharness_tsan.a: No such file or directory\n"
                             "collect2: error: ld returned 1 exit status\n"),
            "");
  EXPECT_NE(our_link_failure("/usr/bin/ld: /w/build/libharness_plain.a: file format not recognized\n"), "");
  EXPECT_NE(our_link_failure("/usr/bin/ld: /w/b/libharness_plain.a(watchdog.cpp.o): in function `harness::W::fire()':\n"
                             "watchdog.cpp:(.text+0x1): undefined reference to `harness::record_finding(harness::Finding const&)'\n"),
            "");
  EXPECT_EQ(our_link_failure("/usr/bin/ld: plain/obj/adapter/adapter.cpp.o: in function `f':\nadapter.cpp:(.text+0x1): "
                             "undefined reference to `lab::SpinLock::lock()'\n"),
            "");
  EXPECT_EQ(our_link_failure("/usr/bin/ld: plain/obj/mutex/locks.cpp.o: in function `g':\nlocks.cpp:(.text+0x1): "
                             "undefined reference to `harness::report(harness::Finding const&)'\n"),
            "");
  EXPECT_EQ(our_link_failure("/usr/bin/ld: plain/obj/mutex/locks.cpp.o: multiple definition of `harness::progress()'\n"), "");
  // The same with mold (LABS_FAST_LINKER): ours when our archive is missing, garbled or references a
  // harness symbol nobody defines; the student's when their own object does.
  EXPECT_NE(our_link_failure("mold: fatal: cannot open /w/build/harness/libharness_tsan.a: No such file or directory\n"), "");
  EXPECT_NE(our_link_failure("mold: fatal: /w/build/libharness_plain.a:1: garbage\n"), "");
  EXPECT_NE(our_link_failure("mold: error: undefined symbol: harness::record_finding(harness::Finding const&)\n"
                             ">>> referenced by watchdog.cpp\n>>>               /w/b/libharness_plain.a(watchdog.cpp.o):(f)\n"),
            "");
  EXPECT_EQ(our_link_failure("mold: error: undefined symbol: harness::report(harness::Finding const&)\n"
                             ">>> referenced by locks.cpp\n>>>               plain/obj/mutex/locks.cpp.o:(g)\n"),
            "");
}

// A full disk, in each tool's own words (captured on a full tmpfs with GCC 12, binutils 2.40 and mold),
// is the machine's failure; the same words written by a student (#error, a #include of that name) are not.
TEST(BuildLog, DiskFullIsOurs) {
  for (const char* line : {
           "/usr/bin/ld: final link failed: No space left on device",
           "mold: failed to write to an output file. Disk full?",
           "ar: /w/work/s/mutex/plain/libx.a: No space left on device",
           "/tmp/ccZhY0gP.s: Fatal error: can't write 157 bytes to section .text of plain/obj/mutex/locks.cpp.o: "
           "'No space left on device'",
           "mutex/locks.cpp:5:25: fatal error: error writing to /tmp/ccyS56xd.s: No space left on device",
           "ninja: error: WriteFile(.ninja_deps): Disk quota exceeded",
       }) {
    const std::string log = std::string("[3/9] LINK plain/tests\nFAILED: plain/tests\n") + line + "\ncompilation terminated.\n";
    EXPECT_EQ(disk_full_failure(log), line) << line;
  }
  for (const char* student : {
           "mutex/locks.cpp:1:2: error: #error No space left on device",
           "mutex/locks.cpp:1:10: fatal error: error writing to x: No space left on device: No such file or directory",
           "    1 | #error mold: failed to write to an output file. Disk full?",
           "mutex/locks.cpp:3:1: error: 'No' does not name a type; No space left on device",
       }) {
    EXPECT_EQ(disk_full_failure(std::string(student) + "\n"), "") << student;
  }
  // Clang quotes the line of an error verbatim: a submission line shaped like a tool's is not the tool's.
  const std::string forged = "ar: x.a: No space left on device";
  const std::string clang_log = "mutex/locks.cpp:3:1: error: unknown type name 'x'\n" + forged + "\n^\n";
  EXPECT_EQ(disk_full_failure(clang_log, "int a;\n" + forged + "\nint b;\n"), "");
  EXPECT_EQ(disk_full_failure(clang_log, "int a;\n"), forged);
}

}  // namespace
}  // namespace grader
