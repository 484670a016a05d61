// A content-addressed store of compiled objects shared by the submissions of a batch (grade).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grader {

// What decides the bytes of one compiled object besides the submission files it reads: the compiler and
// its flags, the source, the harness headers, and which files the staged lab directories hold (names
// only: a new file could change how an #include resolves). Paths that differ between submissions (the
// stage root, the build directory) are not part of it: build.ninja maps them to fixed names in the object
// (-ffile-prefix-map), so two students with identical files get byte-identical objects.
struct ObjectKeyInputs {
  std::string compiler_identity;  // see compiler_identity()
  std::string config;             // "plain"
  std::vector<std::string> flags;  // the configuration's compile flags, without per-submission paths
  std::string source_name;        // "mutex/locks.cpp" (stage-relative) or the adapter's absolute path
  std::filesystem::path source;   // the file to hash
  std::vector<std::filesystem::path> include_dirs;  // staged lab directories, in -I order (listed, not read)
  std::string harness_digest;     // digest_tree() of the harness headers
};

// The base key: 64 hex digits of SHA-256 (OpenSSL) over a length-prefixed encoding of `inputs`. A
// collision would hand one student another's object, so the hash must be one nobody can collide on
// purpose. Throws std::runtime_error when a file cannot be read.
std::string base_key(const ObjectKeyInputs& inputs);

// The object's key: `base` plus the bytes of every submission file the compiler read for it (`reads`,
// stage-relative, as the depfile of the compile that made the object listed them). Preprocessing is
// deterministic, so equal bytes in those files (and an equal base) mean the same files are read again.
// A file that is missing now gives a key no compile stored.
std::string object_key(std::string_view base, const std::filesystem::path& stage_root,
                       const std::vector<std::string>& reads);

// SHA-256 of every regular file below `dir` (sorted relative paths and contents), hex. Symbolic links and
// other special files are part of the digest by name and type only.
std::string digest_tree(const std::filesystem::path& dir);

// The compiler as a key input: its resolved path, size and modification time (a reinstalled or upgraded
// compiler changes it; the system headers come with it).
std::string compiler_identity(const std::filesystem::path& compiler);

// The store's directory below a work directory, and the size it is pruned to after a batch.
inline constexpr const char* kObjectCacheDir = "object-cache";
inline constexpr std::uintmax_t kObjectCacheBytes = std::uintmax_t{2} << 30;

// The store: <dir>/<key[0..2]>/<key>.o and <dir>/<base[0..2]>/<base>.reads. Safe for several graders at once: an entry appears by rename(2),
// complete or not at all. Entries are only ever added; removing the directory empties it.
//
// Thread-safe (no state besides the directory).
class ObjectCache {
 public:
  explicit ObjectCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // The submission files the last compile stored under `base` read (its depfile), or nothing.
  std::optional<std::vector<std::string>> reads_of(std::string_view base) const;

  // Records `reads` for `base` (replacing the record). Never throws.
  void store_reads(std::string_view base, const std::vector<std::string>& reads) const noexcept;

  // Copies the object stored under `key` to `destination` (replacing it); false when there is none.
  bool fetch(std::string_view key, const std::filesystem::path& destination) const;

  // Stores a copy of `object` under `key` (no-op when present). Never throws: a cache that cannot be
  // written only costs a compile next time.
  void store(std::string_view key, const std::filesystem::path& object) const noexcept;

  // Removes the least recently stored or fetched entries until the store holds at most `max_bytes`.
  // Never throws. Called once a batch is done: a store only grows while it runs.
  void prune(std::uintmax_t max_bytes) const noexcept;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path entry(std::string_view key, std::string_view extension) const;
  std::filesystem::path dir_;
};

}  // namespace grader
