// A small C++ tokenizer for the static checks: finds identifiers and #include directives, never text in
// comments or literals.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grader {

// One token of a source file. Positions are 1-based and refer to the file as written (before line
// splicing), at the token's first character.
struct CppToken {
  enum class Kind {
    identifier,   // keywords included: "asm" is an identifier here
    scope,        // "::"
    punctuator,   // any other single character: ( ) < > ; . , ...
    hash,         // '#' (or "%:") starting a preprocessor directive
    header_name,  // <mutex> or "locks.hpp" right after #include; text keeps the delimiters
    literal,      // string, character or raw-string literal (with prefix and ud-suffix)
    number,       // pp-number: 42, 0x1F, 1'000, 1.5e-3f
  };
  Kind kind;
  std::string text;
  int line;
  int column;
};

// Tokenizes C++ source the way the preprocessor sees it: backslash-newline continuations are joined
// first (so `std::mu\<newline>tex` is one identifier), then // and /* */ comments are skipped, and
// string, character and raw-string literals (R"d(...)d") become single `literal` tokens. After
// `#include`, `#include_next` or `#import` the header name is one `header_name` token.
// Never fails: malformed input (an unterminated literal or comment) ends the token where the file ends.
std::vector<CppToken> tokenize_cpp(std::string_view source);

// An #include directive found in the tokens.
struct IncludeDirective {
  std::string header;  // "mutex", "lab/lab.hpp", "locks.hpp": without delimiters; "" when computed
  bool angled;         // <...> rather than "..."
  bool computed;       // #include MACRO: the header is chosen by a macro we do not expand
  int line;
  int column;          // of the '#'
};

// Every #include (and #include_next, #import) directive, in order.
std::vector<IncludeDirective> find_includes(const std::vector<CppToken>& tokens);

}  // namespace grader
