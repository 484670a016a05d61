// lab::source_location: std::source_location where the toolchain has it, else a stand-in with the same API.
//
// Clang 14 cannot compile libstdc++ 12's <source_location> (it lacks __builtin_source_location), yet it
// has __builtin_FILE/__builtin_LINE, which report the caller's line when used in default arguments. With
// GCC (and any toolchain that has std::source_location) lab::source_location *is* std::source_location.
#pragma once

#include <cstdint>
#include <version>

#if __cpp_lib_source_location >= 201907L
#include <source_location>
#endif

namespace lab {

#if __cpp_lib_source_location >= 201907L

using source_location = std::source_location;

#else

// The subset of std::source_location the lab:: layer and the harness use.
struct source_location {
  static constexpr source_location current(const char* file = __builtin_FILE(),
                                           const char* function = __builtin_FUNCTION(),
                                           std::uint_least32_t line = __builtin_LINE(),
                                           std::uint_least32_t column = __builtin_COLUMN()) noexcept {
    source_location where;
    where.file_ = file;
    where.function_ = function;
    where.line_ = line;
    where.column_ = column;
    return where;
  }
  constexpr const char* file_name() const noexcept { return file_; }
  constexpr const char* function_name() const noexcept { return function_; }
  constexpr std::uint_least32_t line() const noexcept { return line_; }
  constexpr std::uint_least32_t column() const noexcept { return column_; }

 private:
  const char* file_ = "";
  const char* function_ = "";
  std::uint_least32_t line_ = 0;
  std::uint_least32_t column_ = 0;
};

#endif

}  // namespace lab
