// Text encoded for other readers: UTF-8 safe for XML and JSON, XML escaping, base64.
#pragma once

#include <string>

namespace grader {

// True for a UTF-8 continuation byte (10xxxxxx): never the first byte of a character.
inline bool is_utf8_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// `text` with invalid UTF-8 sequences and control characters other than \t \n \r replaced by '?':
// safe for XML 1.0 and for JSON consumers that reject bad UTF-8.
std::string clean_text(const std::string& text);

// `text` escaped for an XML attribute or element (& < > " '), after clean_text.
std::string xml_escape(const std::string& text);

// RFC 4648 base64 with padding and no line breaks.
std::string base64_encode(const std::string& bytes);

}  // namespace grader
