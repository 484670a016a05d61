// Text helpers for the HTML reports: escaping, data-URI images that cannot run script, the page skeleton.
#pragma once

#include <string>
#include <string_view>

namespace grader {

// `text` safe inside HTML text and double-quoted attributes: the XML escaping of the JUnit exporter
// (& < > " ' escaped, control characters and invalid UTF-8 cleaned), which HTML5 reads the same way.
std::string html_escape(std::string_view text);

// An <img> showing an SVG a test process produced. The SVG is untrusted: shown as an image from a
// data: URI, a browser runs none of its scripts, event handlers or external loads.
std::string svg_image_tag(std::string_view svg, std::string_view alt);

// The page skeleton shared by report.html and feedback.html: inline CSS only, no scripts, no external
// resources (a Content-Security-Policy forbids them as well). `title` is escaped; `body` is HTML.
std::string html_page(std::string_view title, std::string_view body);

}  // namespace grader
