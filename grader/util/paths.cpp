// Path mapping between staged build files, submissions and what the user sees.
#include "paths.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>

namespace grader {

namespace fs = std::filesystem;

namespace {

fs::path normal_absolute(const fs::path& p) {
  fs::path result = (p.is_absolute() ? p : fs::absolute(p)).lexically_normal();
  if (!result.has_filename() && result.has_parent_path() && result != result.root_path()) {
    result = result.parent_path();  // drop the trailing slash
  }
  return result;
}

// `rel` is usable as "below": non-empty and not climbing out with "..".
bool is_below(const fs::path& rel) {
  if (rel.empty() || rel == ".") return false;
  return *rel.begin() != "..";
}

}  // namespace

fs::path absolute_dir(const fs::path& p) { return normal_absolute(p); }

StageMap::StageMap(fs::path stage_root) : root_(normal_absolute(stage_root)) {}

std::optional<std::string> StageMap::to_submission(std::string_view path) const {
  if (path.empty()) return std::nullopt;
  const fs::path p = fs::path(path).lexically_normal();
  if (!p.is_absolute()) return std::nullopt;
  for (const fs::path& root : {root_, fs::path(kObjectStageRoot)}) {
    if (const fs::path rel = p.lexically_relative(root); is_below(rel)) return rel.generic_string();
  }
  return std::nullopt;
}

namespace {

std::string replace_all(const std::string& text, const std::string& needle, std::string_view replacement) {
  std::string result;
  result.reserve(text.size());
  std::size_t pos = 0;
  for (std::size_t hit; (hit = text.find(needle, pos)) != std::string::npos; pos = hit + needle.size()) {
    result.append(text, pos, hit - pos);
    result.append(replacement);
  }
  result.append(text, pos, std::string::npos);
  return result;
}

}  // namespace

std::string StageMap::rewrite(std::string text, std::string_view replacement) const {
  text = replace_all(text, root_.string() + "/", replacement);
  return replace_all(text, std::string(kObjectStageRoot) + "/", replacement);
}

std::uint64_t stable_hash(std::string_view text) noexcept {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string submission_key(const fs::path& submission_dir) {
  const fs::path abs = normal_absolute(submission_dir);
  std::string base = abs.filename().string();
  for (char& c : base) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '-' && c != '_' && c != '.') c = '_';
  }
  if (base.empty() || base == "." || base == "..") base = "submission";
  if (base.size() > 40) base.resize(40);
  return fmt::format("{}-{:08x}", base, stable_hash(abs.string()) & 0xffffffffu);
}

std::string display_dir(const fs::path& dir, const fs::path& cwd) {
  const fs::path abs = normal_absolute(dir);
  const fs::path rel = abs.lexically_relative(normal_absolute(cwd));
  if (rel == ".") return ".";
  return is_below(rel) ? rel.generic_string() : abs.generic_string();
}

std::string display_path(const fs::path& submission_dir, const std::string& file, const fs::path& cwd) {
  const std::string dir = display_dir(submission_dir, cwd);
  return dir == "." ? file : dir + "/" + file;
}

bool is_special_file(const std::filesystem::path& p) {
  std::error_code ec;
  const auto status = std::filesystem::status(p, ec);
  return !ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
         !std::filesystem::is_directory(status);
}

}  // namespace grader
