// The validate command: a results file checked by the same rules the exporters' tests use.
#include "commands_validate.hpp"

#include <fmt/format.h>

#include <iostream>

#include "app_context.hpp"
#include "export_autolab.hpp"
#include "export_classroom.hpp"
#include "export_gradescope.hpp"
#include "export_prairielearn.hpp"
#include "paths.hpp"
#include "staging.hpp"
#include "text_files.hpp"

namespace grader {

namespace {

std::vector<std::string> problems_of(const std::string& format, const std::string& text) {
  if (format == "autolab") return autolab_problems(text);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return {std::string("not JSON: ") + e.what()};
  }
  if (format == "gradescope") return gradescope_problems(j);
  if (format == "classroom") return classroom_problems(j);
  return prairielearn_problems(j);
}

}  // namespace

int run_validate_course(const AppContext& context) {
  std::vector<const LabSpec*> labs;
  std::size_t tests = 0;
  for (const auto& lab : context.course.labs) {
    labs.push_back(&lab);
    tests += lab.tests.size();
  }
  check_selection(context, labs, {});
  std::cout << fmt::format("{}: valid course ({} labs, {} tests; every gtest is in its lab's test binaries)\n",
                           display_dir(context.course_file, context.style.cwd), labs.size(), tests);
  return 0;
}

int run_validate(const ValidateOptions& options) {
  if (options.format != "gradescope" && options.format != "classroom" && options.format != "prairielearn" &&
      options.format != "autolab") {
    std::cerr << "error: cannot validate format '" << options.format
              << "' (gradescope, classroom, prairielearn, autolab, course; JUnit: xmllint --schema)\n";
    return 2;
  }
  if (options.file.empty()) {
    std::cerr << "error: validate " << options.format << " needs the results file\n";
    return 2;
  }
  if (!std::filesystem::is_regular_file(options.file)) {
    std::cout << options.file.string() << ": no such file\n";
    return 1;
  }
  const auto problems = problems_of(options.format, read_file_text(options.file));
  for (const auto& p : problems) std::cout << options.file.string() << ": " << p << "\n";
  if (problems.empty()) std::cout << options.file.string() << ": valid " << options.format << " results\n";
  return problems.empty() ? 0 : 1;
}

}  // namespace grader
