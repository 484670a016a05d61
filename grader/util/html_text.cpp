// HTML escaping, SVG images as data URIs and the self-contained page skeleton of the reports.
#include "html_text.hpp"

#include <fmt/format.h>

#include "text_encoding.hpp"


namespace grader {

std::string html_escape(std::string_view text) { return xml_escape(std::string(text)); }

std::string svg_image_tag(std::string_view svg, std::string_view alt) {
  return fmt::format("<img class=\"artifact\" alt=\"{}\" src=\"data:image/svg+xml;base64,{}\">", html_escape(alt),
                     base64_encode(std::string(svg)));
}

std::string html_page(std::string_view title, std::string_view body) {
  constexpr const char* kStyle =
      "body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}"
      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}"
      "th{background:#f3f3f3}.pass{color:#176a2c}.fail{color:#a31515}.error{color:#8a5a00;font-weight:bold}"
      ".not-graded{color:#666;font-style:italic}"
      "pre{background:#f6f6f6;padding:.6em;overflow-x:auto;max-height:30em}code{background:#f1f1f1;padding:0 .2em}"
      "svg.chart{display:block;margin:.5em 0}img.artifact{max-width:100%;border:1px solid #ddd;margin:.4em 0}"
      ".test{border-left:4px solid #ccc;padding-left:.8em;margin:1em 0}.test.failed{border-color:#a31515}"
      ".test.passed{border-color:#176a2c}";
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "img-src data:\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      html_escape(title), kStyle, body);
}

}  // namespace grader
