// Loading and validation of mutant.yaml with positions in every error.
#include "mutant_spec.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace grader {

namespace {

[[noreturn]] void fail(const std::string& file, const YAML::Node& node, const std::string& message) {
  const YAML::Mark mark = node.Mark();
  throw CourseError(file, mark.line + 1, mark.column + 1, message);
}

std::string scalar(const std::string& file, const YAML::Node& node, const char* key) {
  if (!node.IsScalar()) fail(file, node, fmt::format("'{}' must be a string", key));
  return node.as<std::string>();
}

std::vector<std::string> caught_by(const std::string& file, const YAML::Node& node, const LabSpec& lab) {
  if (!node.IsSequence() || node.size() == 0) fail(file, node, "'caught_by' must be a non-empty list of test ids");
  std::vector<std::string> ids;
  for (const auto& item : node) {
    const std::string id = scalar(file, item, "caught_by");
    if (!lab.find_test(id)) fail(file, item, fmt::format("lab '{}' has no test '{}'", lab.id, id));
    ids.push_back(id);
  }
  return ids;
}

YAML::Node load(const std::filesystem::path& file) {
  try {
    return YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    throw CourseError(file.string(), 0, 0, "cannot read the file");
  } catch (const YAML::Exception& e) {
    throw CourseError(file.string(), e.mark.line + 1, e.mark.column + 1, e.msg);
  }
}

}  // namespace

MutantSpec load_mutant_spec(const std::filesystem::path& path, const Course& course) {
  const std::string file = path.string();
  const YAML::Node root = load(path);
  if (!root.IsMap()) fail(file, root, "expected a mapping with lab, bug and caught_by");
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>();
    if (key != "lab" && key != "bug" && key != "caught_by" && key != "reason") {
      fail(file, entry.first, fmt::format("unknown key '{}' (expected lab, bug, caught_by, reason)", key));
    }
  }
  for (const char* key : {"lab", "bug", "caught_by"}) {
    if (!root[key]) fail(file, root, fmt::format("missing '{}'", key));
  }
  MutantSpec spec;
  spec.lab = scalar(file, root["lab"], "lab");
  const LabSpec* lab = course.find_lab(spec.lab);
  if (!lab) fail(file, root["lab"], fmt::format("unknown lab '{}'", spec.lab));
  spec.bug = scalar(file, root["bug"], "bug");
  spec.caught_by = caught_by(file, root["caught_by"], *lab);
  if (root["reason"]) spec.reason = scalar(file, root["reason"], "reason");
  return spec;
}

}  // namespace grader
