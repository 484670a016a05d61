// readable_source_path: the objects' fixed name for the stage directory, mapped back to the real one.
#include "source_files.hpp"

#include <string_view>

namespace harness {
namespace {

constexpr std::string_view kObjectStageRoot = "/labs-submission/";

std::string& source_root() {
  static std::string root;
  return root;
}

}  // namespace

void set_source_root(std::string root) { source_root() = std::move(root); }

std::string readable_source_path(const std::string& file) {
  if (source_root().empty() || !file.starts_with(kObjectStageRoot)) return file;
  return source_root() + "/" + file.substr(kObjectStageRoot.size());
}

}  // namespace harness
