// Object keys (SHA-256 over what decides an object's bytes) and the shared store of compiled objects.
#include "object_cache.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <system_error>

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

void hash_tree(Sha256& sha, const fs::path& dir) {
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
    if (fs::is_regular_file(status)) sha.file(path);
  }
}

}  // namespace

std::string digest_tree(const fs::path& dir) {
  Sha256 sha;
  hash_tree(sha, dir);
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

std::string object_key(const ObjectKeyInputs& inputs) {
  Sha256 sha;
  sha.field("labs object cache 1");
  sha.field(inputs.compiler_identity);
  sha.field(inputs.config);
  for (const auto& flag : inputs.flags) sha.field(flag);
  sha.field("source");
  sha.field(inputs.source_name);
  sha.file(inputs.source);
  for (const auto& dir : inputs.include_dirs) {
    sha.field("include");
    sha.field(dir.filename().string());  // the lab directory's name (mutex), not where it was staged
    hash_tree(sha, dir);
  }
  sha.field("harness");
  sha.field(inputs.harness_digest);
  return sha.hex();
}

fs::path ObjectCache::entry(std::string_view key) const {
  return dir_ / std::string(key.substr(0, 2)) / (std::string(key) + ".o");
}

bool ObjectCache::fetch(std::string_view key, const fs::path& destination) const {
  std::error_code ec;
  const fs::path from = entry(key);
  if (!fs::is_regular_file(from, ec)) return false;
  fs::create_directories(destination.parent_path(), ec);
  // A copy, never a link: a later rebuild of this build directory rewrites the object in place.
  fs::remove(destination, ec);
  return fs::copy_file(from, destination, ec) && !ec;
}

void ObjectCache::store(std::string_view key, const fs::path& object) const noexcept {
  std::error_code ec;
  const fs::path to = entry(key);
  if (fs::exists(to, ec)) return;
  fs::create_directories(to.parent_path(), ec);
  static std::atomic<unsigned> counter{0};  // threads of one grader store at once too
  const fs::path partial = to.parent_path() / fmt::format(".{}.{}.{}.partial", key, ::getpid(), counter++);
  if (!fs::copy_file(object, partial, fs::copy_options::overwrite_existing, ec) || ec) {
    fs::remove(partial, ec);
    return;
  }
  fs::rename(partial, to, ec);
  if (ec) fs::remove(partial, ec);
}

}  // namespace grader
