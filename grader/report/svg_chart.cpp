// SVG charts drawn as plain text: no scripts, no fonts or images from elsewhere.
#include "svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "html_text.hpp"

namespace grader {

namespace {

constexpr int kBins = 10;

std::string svg_open(const char* kind, int width, int height, const std::string& title) {
  return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {}\" role=\"img\" width=\"{}\" "
                     "height=\"{}\" viewBox=\"0 0 {} {}\"><title>{}</title>",
                     kind, width, height, width, height, html_escape(title));
}

}  // namespace

std::vector<int> histogram_bins(const std::vector<double>& fractions) {
  std::vector<int> bins(kBins, 0);
  for (double fraction : fractions) {
    ++bins[std::clamp(static_cast<int>(fraction * kBins), 0, kBins - 1)];
  }
  return bins;
}

std::string histogram_svg(const std::vector<double>& fractions, const std::string& title) {
  const auto bins = histogram_bins(fractions);
  const int tallest = std::max(1, *std::max_element(bins.begin(), bins.end()));
  constexpr int kBarWidth = 40, kPlotHeight = 140, kTop = 20, kLeft = 10;
  std::string svg = svg_open("histogram", kLeft * 2 + kBins * kBarWidth, kTop + kPlotHeight + 36, title);
  for (int i = 0; i < kBins; ++i) {
    const int height = bins[i] * kPlotHeight / tallest;
    const int x = kLeft + i * kBarWidth;
    const int y = kTop + kPlotHeight - height;
    svg += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#3b6fb6\">"
                       "<title>{}-{}%: {}</title></rect>",
                       x + 2, y, kBarWidth - 4, height, i * 10, i * 10 + 10, bins[i]);
    if (bins[i] > 0) {
      svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>", x + kBarWidth / 2,
                         y - 4, bins[i]);
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}%</text>", x + kBarWidth / 2,
                       kTop + kPlotHeight + 14, i * 10);
  }
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#444\"/>", kLeft, kTop + kPlotHeight,
                     kLeft + kBins * kBarWidth, kTop + kPlotHeight);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">share of the points graded "
                     "(number of students)</text>",
                     kLeft + kBins * kBarWidth / 2, kTop + kPlotHeight + 30);
  return svg + "</svg>";
}

std::string pass_rate_svg(const std::vector<std::pair<std::string, PassRate>>& rates, const std::string& title) {
  constexpr int kRow = 20, kLabel = 260, kBar = 300, kTop = 6;
  const int height = kTop * 2 + static_cast<int>(rates.size()) * kRow;
  std::string svg = svg_open("pass-rate", kLabel + kBar + 80, height, title);
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const int y = kTop + static_cast<int>(i) * kRow;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>", kLabel - 6, y + 14,
                       html_escape(rates[i].first));
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eee\"/>", kLabel, y + 3, kBar,
                       kRow - 6);
    if (!rates[i].second) {
      svg += fmt::format("<text class=\"not-graded\" x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#666\">not graded</text>",
                         kLabel + kBar + 6, y + 14);
      continue;
    }
    const double rate = std::clamp(*rates[i].second, 0.0, 1.0);
    const int width = static_cast<int>(rate * kBar + 0.5);
    svg += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", kLabel, y + 3,
                       width, kRow - 6, rate >= 0.5 ? "#2e8b57" : "#c0392b");
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">{:.0f}%</text>", kLabel + kBar + 6, y + 14, rate * 100);
  }
  return svg + "</svg>";
}

}  // namespace grader
