// Content hashes of submissions and of the grader build, for resuming a batch.
#include "content_hash.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <system_error>

#include "pipeline.hpp"
#include "submission_files.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// Incremental 64-bit FNV-1a; each field ends with a 0 byte so that ("ab","c") differs from ("a","bc").
class Fnv64 {
 public:
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) state_ = (state_ ^ c) * 0x100000001b3ULL;
    state_ = (state_ ^ 0) * 0x100000001b3ULL;
  }
  std::string hex() const { return fmt::format("{:016x}", state_); }

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

void add_file_stamp(Fnv64& h, const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  const auto mtime = fs::last_write_time(file, ec);
  h.add(file.string());
  h.add(ec ? std::string("absent") : fmt::format("{} {}", size, mtime.time_since_epoch().count()));
}

// Every entry below `dir`, relative, sorted (so the walk order of the file system does not matter). The
// walk never descends through a directory link.
std::vector<std::string> entries_below(const fs::path& dir) {
  std::vector<std::string> entries;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(fs::relative(it->path(), dir, ec).generic_string());
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

// A file's bytes when it is plain data; for anything else (a link, a device...) what it is, read
// without following it: grading refuses those, and a link must never be read through as root.
void add_entry(Fnv64& h, const fs::path& dir, const std::string& rel) {
  const SubmissionFile file = read_submission_file(dir, rel, "");
  if (file.status == SubmissionFile::Status::ok) {
    h.add(file.content);
    return;
  }
  std::error_code ec;
  const fs::path link = fs::read_symlink(dir / rel, ec);
  h.add(file.problem + (ec ? std::string() : " -> " + link.string()));
}

void add_directory(Fnv64& h, const std::string& label, const fs::path& root, const std::string& lab) {
  h.add(label);
  const fs::path dir = root / lab;
  if (const std::string problem = directory_problem(root, lab); !problem.empty() || !fs::is_directory(dir)) {
    h.add(problem.empty() ? "absent" : problem);
    return;
  }
  for (const auto& rel : entries_below(dir)) {
    std::error_code ec;
    if (fs::symlink_status(dir / rel, ec).type() == fs::file_type::directory) continue;
    h.add(rel);
    add_entry(h, dir, rel);
  }
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += item + ",";
  return text;
}

std::string forbidden_text(const std::vector<Forbidden>& list) {
  std::string text;
  for (const auto& f : list) text += f.name + "=" + f.use + ";";
  return text;
}

}  // namespace

std::string grader_build_id(const BuildInfo& build) {
  Fnv64 h;
  h.add(LABS_VERSION);
  add_file_stamp(h, "/proc/self/exe");  // size and mtime of the running labs-grader (stat follows the link)
  add_file_stamp(h, build.compiler);
  add_file_stamp(h, build.gtest_library);
  for (const auto& [name, config] : build.configs) {
    h.add(name);
    h.add(joined(config.compile_flags) + "|" + joined(config.link_flags));
    add_file_stamp(h, config.harness_library);
    for (const auto& [lab, library] : config.test_libraries) add_file_stamp(h, library);
  }
  for (const auto& [lab, adapter] : build.adapters) add_file_stamp(h, adapter);
  return h.hex();
}

std::string lab_spec_text(const LabSpec& lab) {
  std::string text = fmt::format("lab {}\nfiles {}\nconfigs {}\nheaders {}\nidentifiers {}\nsymbols {}\n", lab.id,
                                 joined(lab.files), joined(lab.configs), forbidden_text(lab.forbidden_headers),
                                 forbidden_text(lab.forbidden_identifiers), forbidden_text(lab.forbidden_symbols));
  for (const auto& dep : lab.depends_on) {
    text += fmt::format("depends {} {} {}\n", dep.lab, static_cast<int>(dep.from), static_cast<int>(dep.check_from));
  }
  for (const auto& t : lab.tests) {
    text += fmt::format("test {} {} {} {} {} {} {} {} {}\n", t.id, t.gtest, t.points, joined(t.configs),
                        t.time_limit.count(), t.watchdog.count(), t.repetitions,
                        t.visibility == Visibility::hidden ? "hidden" : "visible", t.name);
  }
  return text;
}

std::string submission_content_hash(const fs::path& submission, const std::vector<const LabSpec*>& labs,
                                    const Course& course, const std::string& build_id, int runs) {
  Fnv64 h;
  h.add(build_id);
  h.add(std::to_string(runs));
  for (const LabSpec* lab : labs) {
    h.add(lab_spec_text(*lab));
    add_directory(h, lab->id, submission, lab->id);
    for (const auto& dep : lab->depends_on) {
      const bool reference = dependency_source(dep, Purpose::grade) == LabSpec::Dependency::From::solutions;
      add_directory(h, "dep " + dep.lab, reference ? course.root / "solutions" : submission, dep.lab);
    }
  }
  return h.hex();
}

}  // namespace grader
