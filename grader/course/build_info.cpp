// Reads grader-build.json into BuildInfo, with errors that say which file and key are wrong.
#include "build_info.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace grader {

namespace {

using nlohmann::json;

ConfigBuild parse_config(const json& j) {
  ConfigBuild config;
  config.compile_flags = j.at("compile_flags").get<std::vector<std::string>>();
  config.link_flags = j.at("link_flags").get<std::vector<std::string>>();
  config.harness_library = j.at("harness_library").get<std::string>();
  for (const auto& [lab, lib] : j.at("test_libraries").items()) {
    config.test_libraries[lab] = lib.get<std::string>();
  }
  return config;
}

}  // namespace

const ConfigBuild& BuildInfo::config(const std::string& name) const {
  auto it = configs.find(name);
  if (it == configs.end()) {
    throw BuildInfoError(fmt::format("the build description has no configuration '{}'", name));
  }
  return it->second;
}

const std::filesystem::path& BuildInfo::adapter(const std::string& lab) const {
  auto it = adapters.find(lab);
  if (it == adapters.end()) {
    throw BuildInfoError(fmt::format("the build description has no lab '{}' (is it registered in CMake?)", lab));
  }
  return it->second;
}

BuildInfo parse_build_info(const std::string& json_text, const std::string& origin) {
  try {
    const json j = json::parse(json_text);
    BuildInfo info;
    info.schema = j.at("schema").get<int>();
    if (info.schema != 1) throw BuildInfoError(fmt::format("{}: unsupported schema {}", origin, info.schema));
    info.source_dir = j.at("source_dir").get<std::string>();
    info.compiler = j.at("compiler").get<std::string>();
    info.gtest_library = j.at("gtest_library").get<std::string>();
    for (const auto& [name, config] : j.at("configs").items()) info.configs[name] = parse_config(config);
    for (const auto& [lab, entry] : j.at("labs").items()) info.adapters[lab] = entry.at("adapter").get<std::string>();
    return info;
  } catch (const json::exception& e) {
    throw BuildInfoError(fmt::format("{}: malformed build description: {}", origin, e.what()));
  }
}

BuildInfo load_build_info(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw BuildInfoError(fmt::format("{}: cannot read the build description (configure and build first: ./labs)",
                                     file.string()));
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_build_info(text.str(), file.string());
}

}  // namespace grader
