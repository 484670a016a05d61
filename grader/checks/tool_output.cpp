// Runs a binutils tool and collects its output, turning every failure into a StaticCheckError.
#include "tool_output.hpp"

#include <fmt/format.h>

#include <boost/process.hpp>

#include "static_checks.hpp"

namespace grader {

namespace bp = boost::process;

namespace {

std::string slurp(bp::ipstream& in) {
  std::string all, line;
  while (std::getline(in, line)) all += line + "\n";
  return all;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

std::string tool_output(const std::string& tool, const std::vector<std::string>& args, const std::string& what) {
  try {
    const std::string program = tool.find('/') == std::string::npos ? bp::search_path(tool).string() : tool;
    if (program.empty()) throw StaticCheckError(fmt::format("cannot find '{}' to {}", tool, what));
    bp::ipstream out, err;
    bp::child child(program, bp::args = args, bp::std_out > out, bp::std_err > err);
    // Both pipes are read to their end; tool output is small (kilobytes), and stderr is read after
    // stdout, so a tool that fills stderr first could block: binutils print errors only after failing.
    std::string listing = slurp(out);
    std::string errors = slurp(err);
    child.wait();
    if (const int status = child.exit_code(); status != 0) {
      throw StaticCheckError(fmt::format("{} {} failed (exit status {}): {}", tool, fmt::join(args, " "), status,
                                         first_line(errors)));
    }
    return listing;
  } catch (const bp::process_error& e) {
    throw StaticCheckError(fmt::format("cannot run {}: {}", tool, e.what()));
  }
}

}  // namespace grader
