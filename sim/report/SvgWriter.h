#pragma once
// SvgWriter: builds SVG (and the HTML report's markup) as text, one element
// at a time, with every attribute and text node escaped.
//
// Shared by the pictures (timeline.svg) and report.html so that escaping,
// number formatting and the colour palette live in one place:
//   * xmlEscape() makes any string safe as XML text or a quoted attribute;
//   * px() prints a coordinate with exactly one decimal ("12.5", never
//     "1e+03" or "-0.0"), so output never depends on stream state or locale;
//   * the palette gives each leader a fixed colour (by node index) and names
//     the colours that carry meaning (overtaking red, drop grey, ...), so
//     every picture uses the same colour for the same thing.
// Invariant: open() and close() nest; str() may only be called when every
// element opened has been closed (checked in debug builds).

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace replsim {

// Escapes & < > " ' for XML text and double- or single-quoted attributes.
std::string xmlEscape(std::string_view s);

// A coordinate or length in px with one decimal.
std::string px(double v);

// 1234567 -> "1,234,567".
std::string groupDigits(uint64_t n);

// Display width of UTF-8 text in code points (labels are measured with it).
size_t codePoints(std::string_view s);

// `s` cut to at most `max` code points, ending with "…" when cut.
std::string truncateText(std::string_view s, size_t max);

namespace palette {
// A leader's colour (by node index, cycling through 8 colour-blind-safe hues
// that stay clear of the meaning colours below).
const char* leader(size_t node);
inline constexpr const char* kOvertaking = "#d62728";   // deliveries that overtook a causal predecessor
inline constexpr const char* kDrop = "#6b6b6b";         // messages dropped by loop prevention
inline constexpr const char* kConflict = "#7b3294";     // conflicts and their resolution
inline constexpr const char* kHeld = "#f4a6a6";         // held back for causal order
inline constexpr const char* kLinkDown = "#e8a33d";     // a link outage
inline constexpr const char* kLinkAdded = "#7fc47f";    // a link added by reconfiguration
inline constexpr const char* kPartition = "#fff1b8";    // a network partition
inline constexpr const char* kConverged = "#1a9850";    // replicas agree
inline constexpr const char* kQuorumReply = "#9a9a9a";  // leaderless acks and read answers
inline constexpr const char* kRepair = "#ff7f0e";       // leaderless read repair
inline constexpr const char* kHint = "#b8860b";         // hinted writes and their hand-off
inline constexpr const char* kLane = "#c8c8c8";
inline constexpr const char* kGrid = "#ececec";
// Pale fills that tell apart groups of replicas holding the same state.
const char* stateGroup(size_t group);
}  // namespace palette

using SvgAttrs = std::initializer_list<std::pair<std::string_view, std::string>>;

class SvgWriter {
 public:
  // <tag a="v" ...>; a later close() ends it.
  void open(std::string_view tag, SvgAttrs attrs = {});
  void close();
  // <tag a="v" .../> or, with text, <tag ...>text</tag> (text is escaped).
  void element(std::string_view tag, SvgAttrs attrs, std::string_view text = {});
  // An element with a <title> child (browsers show it as a tooltip), then
  // optional text content.
  void elementWithTitle(std::string_view tag, SvgAttrs attrs, std::string_view title, std::string_view text = {});
  // Markup that is already well-formed (another SVG, a CSS block).
  void raw(std::string_view markup);
  void comment(std::string_view text);  // "--" in text is replaced so the comment stays valid
  const std::string& str() const;
  // Moves out the markup written so far, for a caller that writes a long
  // document in pieces; the open elements stay open (close() them later).
  std::string take() { return std::exchange(out_, std::string()); }

 private:
  void attributes(SvgAttrs attrs);
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace replsim
