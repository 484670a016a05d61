// A small C++ tokenizer for the static checks: finds identifiers and #include directives, never text in
// comments or literals.
#include "cpp_tokens.hpp"

#include <cctype>
#include <set>

namespace grader {
namespace {

// The source after translation phase 2 (line splicing), remembering where each character was written.
struct Spliced {
  std::string text;
  std::vector<int> line, column;  // per character of `text`, 1-based
};

Spliced splice_lines(std::string_view source) {
  Spliced out;
  int line = 1, column = 1;
  for (std::size_t i = 0; i < source.size(); ++i) {
    // A backslash ending a line (optionally before \r) joins the next line: drop it and the newline.
    if (source[i] == '\\') {
      std::size_t j = i + 1;
      if (j < source.size() && source[j] == '\r') ++j;
      if (j < source.size() && source[j] == '\n') {
        i = j;
        ++line;
        column = 1;
        continue;
      }
    }
    out.text.push_back(source[i]);
    out.line.push_back(line);
    out.column.push_back(column);
    if (source[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return out;
}

bool is_ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_ident_char(char c) { return is_ident_start(c) || std::isdigit(static_cast<unsigned char>(c)); }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

bool is_literal_prefix(std::string_view word) {
  static const std::set<std::string_view> prefixes = {"u8", "u", "U", "L", "R", "u8R", "uR", "UR", "LR"};
  return prefixes.count(word) > 0;
}

// Scans one logical stream of characters into tokens; `pos` only moves forward.
class Lexer {
 public:
  explicit Lexer(const Spliced& source) : src_(source), text_(source.text) {}

  std::vector<CppToken> run() {
    while (pos_ < text_.size()) step();
    return std::move(tokens_);
  }

 private:
  char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  void emit(CppToken::Kind kind, std::size_t begin) {
    tokens_.push_back({kind, text_.substr(begin, pos_ - begin), src_.line[begin], src_.column[begin]});
    line_start_ = false;
  }

  void step() {
    char c = at(pos_);
    if (c == '\n') {
      ++pos_;
      line_start_ = true;
      in_include_ = false;
      return;
    }
    if (std::isspace(static_cast<unsigned char>(c))) return void(++pos_);
    if (c == '/' && at(pos_ + 1) == '/') return skip_line_comment();
    if (c == '/' && at(pos_ + 1) == '*') return skip_block_comment();
    if (in_include_ && (c == '<' || c == '"')) return header_name(c == '<' ? '>' : '"');
    if (is_ident_start(c)) return identifier();
    if (is_digit(c) || (c == '.' && is_digit(at(pos_ + 1)))) return number();
    if (c == '"' || c == '\'') return quoted(pos_, c);
    punctuator();
  }

  void skip_line_comment() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  }

  void skip_block_comment() {
    std::size_t end = text_.find("*/", pos_ + 2);
    pos_ = end == std::string::npos ? text_.size() : end + 2;
  }

  void header_name(char close) {
    std::size_t begin = pos_++;
    while (pos_ < text_.size() && text_[pos_] != close && text_[pos_] != '\n') ++pos_;
    if (at(pos_) == close) ++pos_;
    emit(CppToken::Kind::header_name, begin);
    in_include_ = false;
  }

  void identifier() {
    std::size_t begin = pos_;
    while (is_ident_char(at(pos_))) ++pos_;
    std::string_view word(text_.data() + begin, pos_ - begin);
    if ((at(pos_) == '"' || at(pos_) == '\'') && is_literal_prefix(word)) {
      if (word.back() == 'R' && at(pos_) == '"') return raw_string(begin);
      return quoted(begin, at(pos_));
    }
    bool directive = after_hash();
    emit(CppToken::Kind::identifier, begin);
    if (directive) in_include_ = word == "include" || word == "include_next" || word == "import";
  }

  // True when the previous token is the '#' that starts a directive on this line.
  bool after_hash() const { return !tokens_.empty() && tokens_.back().kind == CppToken::Kind::hash && !line_start_; }

  void number() {
    std::size_t begin = pos_;
    while (true) {
      char c = at(pos_);
      // Exponent signs belong to the number: 1e+5, 0x1p-3.
      if ((c == '+' || c == '-') && std::string_view("eEpP").find(at(pos_ - 1)) != std::string_view::npos) {
        ++pos_;
      } else if (c == '\'' && is_ident_char(at(pos_ + 1))) {
        pos_ += 2;  // digit separator: 1'000 is not the start of a character literal
      } else if (is_ident_char(c) || c == '.') {
        ++pos_;
      } else {
        break;
      }
    }
    emit(CppToken::Kind::number, begin);
  }

  // "..." or '...' starting at `begin` (prefix included), with escapes and an optional ud-suffix.
  void quoted(std::size_t begin, char close) {
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != close && text_[pos_] != '\n') {
      pos_ += text_[pos_] == '\\' ? 2 : 1;
    }
    if (at(pos_) == close) ++pos_;
    pos_ = std::min(pos_, text_.size());
    suffix_and_emit(begin);
  }

  // R"delim( ... )delim" starting at `begin`; pos_ is on the opening quote.
  void raw_string(std::size_t begin) {
    std::size_t open = text_.find('(', pos_);
    if (open == std::string::npos) return quoted(begin, '"');
    std::string terminator = ")" + text_.substr(pos_ + 1, open - pos_ - 1) + "\"";
    std::size_t end = text_.find(terminator, open + 1);
    pos_ = end == std::string::npos ? text_.size() : end + terminator.size();
    suffix_and_emit(begin);
  }

  void suffix_and_emit(std::size_t begin) {
    while (is_ident_char(at(pos_))) ++pos_;  // user-defined literal suffix: "abc"sv
    emit(CppToken::Kind::literal, begin);
  }

  void punctuator() {
    std::size_t begin = pos_;
    char c = at(pos_);
    if (c == ':' && at(pos_ + 1) == ':') {
      pos_ += 2;
      return emit(CppToken::Kind::scope, begin);
    }
    bool digraph_hash = c == '%' && at(pos_ + 1) == ':';
    if ((c == '#' || digraph_hash) && line_start_) {
      pos_ += digraph_hash ? 2 : 1;
      return emit(CppToken::Kind::hash, begin);
    }
    ++pos_;
    emit(CppToken::Kind::punctuator, begin);
  }

  const Spliced& src_;
  const std::string& text_;
  std::size_t pos_ = 0;
  bool line_start_ = true;   // nothing but whitespace and comments since the last newline
  bool in_include_ = false;  // just after "#include": the next <...> or "..." is a header name
  std::vector<CppToken> tokens_;
};

}  // namespace

std::vector<CppToken> tokenize_cpp(std::string_view source) {
  Spliced spliced = splice_lines(source);
  return Lexer(spliced).run();
}

std::vector<IncludeDirective> find_includes(const std::vector<CppToken>& tokens) {
  std::vector<IncludeDirective> out;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    const CppToken& hash = tokens[i];
    const CppToken& word = tokens[i + 1];
    if (hash.kind != CppToken::Kind::hash || word.kind != CppToken::Kind::identifier) continue;
    if (word.text != "include" && word.text != "include_next" && word.text != "import") continue;
    IncludeDirective include{"", false, true, hash.line, hash.column};
    if (i + 2 < tokens.size() && tokens[i + 2].kind == CppToken::Kind::header_name) {
      const std::string& name = tokens[i + 2].text;
      include.angled = name.front() == '<';
      include.computed = false;
      bool closed = name.size() >= 2 && name.back() == (include.angled ? '>' : '"');
      include.header = name.substr(1, name.size() - (closed ? 2 : 1));
    }
    out.push_back(include);
  }
  return out;
}

}  // namespace grader
