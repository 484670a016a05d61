// Tests of the object cache: keys that change with everything an object depends on and with nothing else,
// a store that several graders share, and objects that do not depend on where a submission was staged.
#include "object_cache.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "paths.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;

class ObjectCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("labs-object-cache-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    for (const char* student : {"alice", "bob"}) {
      write(root_ / student / "stage/mutex/locks.hpp", "struct Lock { void lock(); };\n");
      write(root_ / student / "stage/mutex/locks.cpp", "#include \"locks.hpp\"\nvoid Lock::lock() {}\n");
    }
    write(root_ / "harness/lab/atomic.hpp", "#pragma once\n");
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  ObjectKeyInputs inputs(const std::string& student) const {
    return {"/usr/bin/g++-12 1 2", "plain", {"-O2", "-DLAB_CONFIG_NAME=\"plain\""}, "mutex/locks.cpp",
            root_ / student / "stage/mutex/locks.cpp", {root_ / student / "stage/mutex"}, digest_tree(root_ / "harness")};
  }

  // The key of alice's or bob's object, whose compile read their locks.cpp and locks.hpp.
  std::string key_of(const std::string& student) const {
    return object_key(base_key(inputs(student)), root_ / student / "stage", {"mutex/locks.cpp", "mutex/locks.hpp"});
  }

  fs::path root_;
};

TEST_F(ObjectCacheTest, IdenticalFilesStagedApartShareAKey) {
  const std::string key = key_of("alice");
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(key, key_of("bob"));
  EXPECT_EQ(base_key(inputs("alice")), base_key(inputs("bob")));
}

// Everything the object depends on is in the key: the source, a header it read (a student's change to a
// header only), which files the lab directory holds, the harness headers, the flags, the configuration
// and the compiler.
TEST_F(ObjectCacheTest, AnyInputChangesTheKey) {
  const std::string key = key_of("alice");
  write(root_ / "bob/stage/mutex/locks.hpp", "struct Lock { void lock(); int x; };\n");
  EXPECT_NE(key_of("bob"), key) << "a header the source read";
  write(root_ / "bob/stage/mutex/locks.hpp", "struct Lock { void lock(); };\n");
  write(root_ / "bob/stage/mutex/vector", "x");
  EXPECT_NE(key_of("bob"), key) << "a new file that an #include <vector> would now find";
  fs::remove(root_ / "bob/stage/mutex/vector");
  ASSERT_EQ(key_of("bob"), key);
  fs::remove(root_ / "bob/stage/mutex/locks.hpp");
  EXPECT_NE(object_key(base_key(inputs("alice")), root_ / "bob/stage", {"mutex/locks.cpp", "mutex/locks.hpp"}), key)
      << "a file the compile read is gone";

  const std::string base = base_key(inputs("alice"));
  auto changed = inputs("alice");
  changed.flags.push_back("-fsanitize=thread");
  EXPECT_NE(base_key(changed), base);
  changed = inputs("alice");
  changed.config = "tsan";
  EXPECT_NE(base_key(changed), base);
  changed = inputs("alice");
  changed.compiler_identity = "/usr/bin/g++-12 1 3";
  EXPECT_NE(base_key(changed), base);
  changed = inputs("alice");
  changed.source_name = "mutex/other.cpp";
  EXPECT_NE(base_key(changed), base);
  write(root_ / "harness/lab/atomic.hpp", "#pragma once\nint x;\n");
  EXPECT_NE(base_key(inputs("alice")), base) << "the harness headers";
}

// Field boundaries are part of the encoding: moving a byte from one field to the next changes the key.
TEST_F(ObjectCacheTest, FieldsDoNotRunTogether) {
  auto a = inputs("alice");
  a.flags = {"-O2", "-g"};
  auto b = inputs("alice");
  b.flags = {"-O2-g"};
  EXPECT_NE(base_key(a), base_key(b));
}

// The files a compile read are recorded per base key, for the next submission's key.
TEST_F(ObjectCacheTest, ReadsAreRecordedPerBase) {
  const ObjectCache cache(root_ / "cache");
  const std::string base = base_key(inputs("alice"));
  EXPECT_EQ(cache.reads_of(base), std::nullopt);
  cache.store_reads(base, {"mutex/locks.cpp", "mutex/locks.hpp"});
  EXPECT_EQ(cache.reads_of(base), (std::vector<std::string>{"mutex/locks.cpp", "mutex/locks.hpp"}));
}

// Pruning keeps the most recently used entries within the size asked for.
TEST_F(ObjectCacheTest, PruneRemovesTheLeastRecentlyUsed) {
  const ObjectCache cache(root_ / "cache");
  write(root_ / "object.o", std::string(1000, 'x'));
  const std::string old_key = "aa" + std::string(62, '1'), new_key = "bb" + std::string(62, '2');
  cache.store(old_key, root_ / "object.o");
  cache.store(new_key, root_ / "object.o");
  fs::last_write_time(root_ / "cache/aa" / (old_key + ".o"), fs::file_time_type::clock::now() - std::chrono::hours(1));
  cache.prune(1500);
  EXPECT_FALSE(fs::exists(root_ / "cache/aa" / (old_key + ".o")));
  EXPECT_TRUE(fs::exists(root_ / "cache/bb" / (new_key + ".o")));
}

TEST_F(ObjectCacheTest, StoreThenFetchCopies) {
  const ObjectCache cache(root_ / "cache");
  const fs::path object = root_ / "alice/build/plain/obj/mutex/locks.cpp.o";
  write(object, "object bytes");
  const std::string key = key_of("alice");
  EXPECT_FALSE(cache.fetch(key, root_ / "bob/build/plain/obj/mutex/locks.cpp.o"));
  cache.store(key, object);
  const fs::path fetched = root_ / "bob/build/plain/obj/mutex/locks.cpp.o";
  write(fetched, "stale object of an earlier build");
  ASSERT_TRUE(cache.fetch(key, fetched));
  std::ifstream in(fetched);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "object bytes");
  // A copy, not a link: rewriting the build directory's object leaves the stored one alone.
  EXPECT_EQ(fs::hard_link_count(fetched), 1u);
}

// Graders (and the threads of one) store the same key at once: one complete entry, no partial files.
TEST_F(ObjectCacheTest, ConcurrentStoresLeaveOneCompleteEntry) {
  const ObjectCache cache(root_ / "cache");
  const fs::path object = root_ / "object.o";
  write(object, std::string(1 << 20, 'x'));
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) threads.emplace_back([&] { cache.store("ab" + std::string(62, '0'), object); });
  for (auto& t : threads) t.join();
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root_ / "cache")) files += entry.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1);
  EXPECT_EQ(fs::file_size(root_ / "cache/ab" / ("ab" + std::string(62, '0') + ".o")), std::size_t{1} << 20);
}

// With the flags build.ninja adds, the compiler writes the same bytes for two students whose files are
// the same, and no path of either stage or build directory is in the object: debug information and
// __FILE__ say /labs-submission.
TEST_F(ObjectCacheTest, PrefixMapsMakeObjectsIndependentOfTheStage) {
  write(root_ / "alice/stage/mutex/locks.cpp",
        "#include \"locks.hpp\"\nconst char* where() { return __FILE__; }\nvoid Lock::lock() {}\n");
  fs::copy_file(root_ / "alice/stage/mutex/locks.cpp", root_ / "bob/stage/mutex/locks.cpp",
                fs::copy_options::overwrite_existing);
  std::string objects[2];
  int i = 0;
  for (const char* student : {"alice", "bob"}) {
    const fs::path stage = root_ / student / "stage";
    const fs::path build = root_ / student / "build";
    fs::create_directories(build);
    const std::string command = "cd " + build.string() + " && c++ -std=c++20 -O2 -g -c " +
                                (stage / "mutex/locks.cpp").string() + " -I" + (stage / "mutex").string() +
                                " -ffile-prefix-map=" + stage.string() + "=" + std::string(kObjectStageRoot) +
                                " -ffile-prefix-map=" + build.string() + "=" + std::string(kObjectBuildRoot) +
                                " -o locks.o";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    std::ifstream in(build / "locks.o", std::ios::binary);
    objects[i++] = std::string(std::istreambuf_iterator<char>(in), {});
  }
  EXPECT_EQ(objects[0], objects[1]);
  EXPECT_EQ(objects[0].find(root_.string()), std::string::npos);
  EXPECT_NE(objects[0].find(std::string(kObjectStageRoot) + "/mutex/locks.cpp"), std::string::npos);
}

}  // namespace
}  // namespace grader
