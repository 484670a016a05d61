// Object keys (SHA-256 over what decides an object's bytes) and the shared store of compiled objects.
#include "object_cache.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <system_error>

#include "text_files.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// Incremental SHA-256; every field is length-prefixed so that no two different inputs encode alike.
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) throw std::runtime_error("SHA-256 unavailable");
  }

  void field(std::string_view bytes) {
    const std::string length = std::to_string(bytes.size()) + ":";
    EVP_DigestUpdate(ctx_.get(), length.data(), length.size());
    EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size());
  }

  void file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    field(bytes);
  }

  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest, &size);
    std::string out;
    for (unsigned int i = 0; i < size; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

// Every entry below `dir` in name order: its relative path, its type, and (with `contents`) its bytes.
void hash_tree(Sha256& sha, const fs::path& dir, bool contents) {
  std::vector<fs::path> entries;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    entries.push_back(it->path());
  }
  if (ec) throw std::runtime_error(fmt::format("cannot list {}: {}", dir.string(), ec.message()));
  std::sort(entries.begin(), entries.end());
  for (const auto& path : entries) {
    const fs::file_status status = fs::symlink_status(path);
    sha.field(path.lexically_relative(dir).generic_string());
    sha.field(std::to_string(static_cast<int>(status.type())));
    if (contents && fs::is_regular_file(status)) sha.file(path);
  }
}

}  // namespace

std::string digest_tree(const fs::path& dir) {
  Sha256 sha;
  hash_tree(sha, dir, true);
  return sha.hex();
}

std::string compiler_identity(const fs::path& compiler) {
  std::error_code ec;
  const fs::path resolved = fs::canonical(compiler, ec);
  if (ec) return compiler.string();  // not a path (found on PATH by ninja's shell): its name only
  const auto size = fs::file_size(resolved, ec);
  const auto mtime = fs::last_write_time(resolved, ec).time_since_epoch().count();
  return fmt::format("{} {} {}", resolved.string(), size, mtime);
}

std::string base_key(const ObjectKeyInputs& inputs) {
  Sha256 sha;
  sha.field("labs object cache 2");
  sha.field(inputs.compiler_identity);
  sha.field(inputs.config);
  for (const auto& flag : inputs.flags) sha.field(flag);
  sha.field("source");
  sha.field(inputs.source_name);
  sha.file(inputs.source);
  for (const auto& dir : inputs.include_dirs) {
    sha.field("include");
    sha.field(dir.filename().string());  // the lab directory's name (mutex), not where it was staged
    hash_tree(sha, dir, false);
  }
  sha.field("harness");
  sha.field(inputs.harness_digest);
  return sha.hex();
}

std::string object_key(std::string_view base, const fs::path& stage_root, const std::vector<std::string>& reads) {
  Sha256 sha;
  sha.field(base);
  for (const auto& read : reads) {
    sha.field(read);
    std::error_code ec;
    if (fs::is_regular_file(stage_root / read, ec)) sha.file(stage_root / read);
    else sha.field("missing");
  }
  return sha.hex();
}

fs::path ObjectCache::entry(std::string_view key, std::string_view extension) const {
  return dir_ / std::string(key.substr(0, 2)) / (std::string(key) + std::string(extension));
}

std::optional<std::vector<std::string>> ObjectCache::reads_of(std::string_view base) const {
  std::ifstream in(entry(base, ".reads"));
  if (!in) return std::nullopt;
  std::vector<std::string> reads;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) reads.push_back(line);
  }
  return reads;
}

void ObjectCache::store_reads(std::string_view base, const std::vector<std::string>& reads) const noexcept {
  std::string text;
  for (const auto& read : reads) text += read + "\n";
  try {
    write_file_atomically(entry(base, ".reads"), text);
  } catch (...) {
    // Unrecorded: the next build with this base compiles again.
  }
}

bool ObjectCache::fetch(std::string_view key, const fs::path& destination) const {
  std::error_code ec;
  const fs::path from = entry(key, ".o");
  if (!fs::is_regular_file(from, ec)) return false;
  fs::create_directories(destination.parent_path(), ec);
  // A copy, never a link: a later rebuild of this build directory rewrites the object in place.
  fs::remove(destination, ec);
  if (!fs::copy_file(from, destination, ec) || ec) return false;
  fs::last_write_time(from, fs::file_time_type::clock::now(), ec);  // recently used: pruned last
  return true;
}

void ObjectCache::store(std::string_view key, const fs::path& object) const noexcept {
  std::error_code ec;
  const fs::path to = entry(key, ".o");
  if (fs::exists(to, ec)) return;
  const std::string bytes = read_file_text(object);
  if (bytes.empty()) return;  // unreadable (an object is never empty)
  try {
    write_file_atomically(to, bytes);
  } catch (...) {
    // Not stored: the next build of these files compiles again.
  }
}

void ObjectCache::prune(std::uintmax_t max_bytes) const noexcept {
  try {
    struct Entry {
      fs::file_time_type used;
      std::uintmax_t bytes;
      fs::path path;
    };
    std::vector<Entry> entries;
    std::uintmax_t total = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      entries.push_back({it->last_write_time(ec), it->file_size(ec), it->path()});
      total += entries.back().bytes;
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
    for (const auto& entry : entries) {
      if (total <= max_bytes) break;
      if (fs::remove(entry.path, ec)) total -= entry.bytes;
    }
  } catch (...) {
    // A store that cannot be pruned only takes more disk.
  }
}

}  // namespace grader
