#pragma once
// JsonText: JSON scalars appended to a string exactly as nlohmann's dump()
// prints them, for writers that stream big documents piece by piece instead
// of building a ReportJson value per piece (a value, its serializer and its
// allocations cost several times the text on a run with millions of
// entries).
//
// Contract: appendJsonString(out, s) appends ReportJson(s).dump(), and
// appendJsonNumber(out, v) appends ReportJson(v).dump(), byte for byte
// (pinned by tests/report/JsonTextTest.cpp against nlohmann).

#include <cstdint>
#include <string>
#include <string_view>

namespace replsim {

// Printable ASCII other than '"' and '\\' stands for itself, so the common
// case is copied as is; anything else (escapes, UTF-8 and its validation,
// which throws on invalid UTF-8 as dump() does) is left to nlohmann.
void appendJsonString(std::string& out, std::string_view s);
// Shortest text that reads back as `v` (nlohmann's Grisu2), ".0" on whole
// numbers; "null" when not finite.
void appendJsonNumber(std::string& out, double v);
void appendJsonNumber(std::string& out, uint64_t v);

}  // namespace replsim
