// Whole-file reads and writes; every write goes through a temporary file and a rename.
#include "text_files.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "paths.hpp"

namespace grader {

namespace fs = std::filesystem;

std::string read_file_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool write_if_changed(const fs::path& file, const std::string& content) {
  if (!is_special_file(file) && fs::exists(file) && read_file_text(file) == content) return false;
  write_file_atomically(file, content);
  return true;
}

void write_file_atomically(const fs::path& file, const std::string& content) {
  if (is_special_file(file)) {  // --output /dev/null: renaming over it would replace the device
    std::ofstream(file, std::ios::binary) << content;
    return;
  }
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  // Unique per call: threads of one grader (the object cache's) may write the same file at once.
  static std::atomic<unsigned> calls{0};
  const fs::path temp = file.string() + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(calls++);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temp.string());
  }
  fs::rename(temp, file);
}

}  // namespace grader
