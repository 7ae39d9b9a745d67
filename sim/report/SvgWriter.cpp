#include "sim/report/SvgWriter.h"

#include <array>
#include <cassert>
#include <cmath>
#include <cstdio>

namespace replsim {

std::string xmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters other than tab/newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') out += ' ';
        else out += c;
    }
  }
  return out;
}

std::string px(double v) {
  // Round to one decimal first so that -0.04 prints as "0.0", not "-0.0".
  double r = std::round(v * 10.0) / 10.0;
  if (r == 0.0) r = 0.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", r);
  return buf;
}

std::string groupDigits(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

size_t codePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string truncateText(std::string_view s, size_t max) {
  if (codePoints(s) <= max) return std::string(s);
  if (max == 0) return "";
  std::string out;
  size_t seen = 0;
  for (char c : s) {
    const bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts && ++seen == max) break;  // keep room for the ellipsis
    out += c;
  }
  return out + "…";
}

namespace palette {

const char* leader(size_t node) {
  // Blue, teal, brown, pink, green, olive, navy, moss: distinct in print and
  // for the common colour-vision deficiencies, none of them the red that
  // marks overtaking or the purple of conflicts.
  static constexpr std::array<const char*, 8> kLeaders = {"#1f77b4", "#17a2b8", "#8c564b", "#e377c2",
                                                          "#2ca02c", "#a9a925", "#393b79", "#637939"};
  return kLeaders[node % kLeaders.size()];
}

const char* stateGroup(size_t group) {
  static constexpr std::array<const char*, 6> kGroups = {"#d9f0d3", "#fde0c5", "#dbe9f6",
                                                         "#f2d7ee", "#fff6bf", "#e0e0e0"};
  return kGroups[group % kGroups.size()];
}

}  // namespace palette

void SvgWriter::attributes(SvgAttrs attrs) {
  for (const auto& [name, value] : attrs) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += xmlEscape(value);
    out_ += '"';
  }
}

void SvgWriter::open(std::string_view tag, SvgAttrs attrs) {
  out_ += '<';
  out_ += tag;
  attributes(attrs);
  out_ += ">\n";
  open_.emplace_back(tag);
}

void SvgWriter::close() {
  assert(!open_.empty());
  out_ += "</" + open_.back() + ">\n";
  open_.pop_back();
}

void SvgWriter::element(std::string_view tag, SvgAttrs attrs, std::string_view text) {
  out_ += '<';
  out_ += tag;
  attributes(attrs);
  if (text.empty()) {
    out_ += "/>\n";
    return;
  }
  out_ += '>';
  out_ += xmlEscape(text);
  out_ += "</";
  out_ += tag;
  out_ += ">\n";
}

void SvgWriter::elementWithTitle(std::string_view tag, SvgAttrs attrs, std::string_view title, std::string_view text) {
  out_ += '<';
  out_ += tag;
  attributes(attrs);
  out_ += "><title>";
  out_ += xmlEscape(title);
  out_ += "</title>";
  out_ += xmlEscape(text);
  out_ += "</";
  out_ += tag;
  out_ += ">\n";
}

void SvgWriter::raw(std::string_view markup) { out_ += markup; }

void SvgWriter::comment(std::string_view text) {
  std::string safe(text);
  for (size_t at = safe.find("--"); at != std::string::npos; at = safe.find("--", at)) safe.replace(at, 2, "- ");
  out_ += "<!-- " + safe + " -->\n";
}

const std::string& SvgWriter::str() const {
  assert(open_.empty());
  return out_;
}

}  // namespace replsim
