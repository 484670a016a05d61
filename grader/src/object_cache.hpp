// A content-addressed store of compiled objects shared by the submissions of a batch (grade).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace grader {

// What decides the bytes of one compiled object: the compiler and its flags, the source, and every file
// the source can include from the submission (all files of the staged lab directories on its include
// path) or from the harness. Paths that differ between submissions (the stage root, the build directory)
// are not part of it: build.ninja maps them to fixed names in the object (-ffile-prefix-map), so two
// students with identical files get byte-identical objects.
struct ObjectKeyInputs {
  std::string compiler_identity;  // see compiler_identity()
  std::string config;             // "plain"
  std::vector<std::string> flags;  // the configuration's compile flags, without per-submission paths
  std::string source_name;        // "mutex/locks.cpp" (stage-relative) or the adapter's absolute path
  std::filesystem::path source;   // the file to hash
  std::vector<std::filesystem::path> include_dirs;  // staged lab directories, in -I order
  std::string harness_digest;     // digest_tree() of the harness headers
};

// The key: 64 hex digits of SHA-256 over a length-prefixed encoding of `inputs` (OpenSSL). A collision
// would hand one student another's object, so the hash must be one nobody can collide on purpose.
// Throws std::runtime_error when a file cannot be read.
std::string object_key(const ObjectKeyInputs& inputs);

// SHA-256 of every regular file below `dir` (sorted relative paths and contents), hex. Symbolic links and
// other special files are part of the digest by name and type only.
std::string digest_tree(const std::filesystem::path& dir);

// The compiler as a key input: its resolved path, size and modification time (a reinstalled or upgraded
// compiler changes it; the system headers come with it).
std::string compiler_identity(const std::filesystem::path& compiler);

// The store: <dir>/<key[0..2]>/<key>.o. Safe for several graders at once: an entry appears by rename(2),
// complete or not at all. Entries are only ever added; removing the directory empties it.
//
// Thread-safe (no state besides the directory).
class ObjectCache {
 public:
  explicit ObjectCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Copies the object stored under `key` to `destination` (replacing it); false when there is none.
  bool fetch(std::string_view key, const std::filesystem::path& destination) const;

  // Stores a copy of `object` under `key` (no-op when present). Never throws: a cache that cannot be
  // written only costs a compile next time.
  void store(std::string_view key, const std::filesystem::path& object) const noexcept;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path entry(std::string_view key) const;
  std::filesystem::path dir_;
};

}  // namespace grader
