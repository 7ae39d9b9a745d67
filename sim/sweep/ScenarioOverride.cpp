#include "sim/sweep/ScenarioOverride.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sim/sweep/SweepError.h"

namespace replsim {
namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

std::string joined(const std::vector<std::string>& parts, size_t from, size_t to) {
  std::string s;
  for (size_t i = from; i < to; ++i) s += fmt::format("{}{}", i > from ? "." : "", parts[i]);
  return s;
}

bool isIndex(const std::string& s) {
  return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos;
}

std::string pointerOf(const std::string& dotted) {
  std::string p = "/" + dotted;
  for (char& c : p)
    if (c == '.') c = '/';
  return p;
}

}  // namespace

ScenarioOverride::ScenarioOverride(std::string path, nlohmann::json value)
    : path_(std::move(path)), value_(std::move(value)) {}

void ScenarioOverride::checkPath(const std::string& path) {
  if (path.empty()) throw SweepError("--set: the path before '=' is empty (e.g. links.default.loss=0.1)");
  for (const std::string& s : segments(path))
    if (s.empty()) throw SweepError(fmt::format("--set {}: the path has an empty segment (two dots, or a dot at an end)", path));
}

ScenarioOverride ScenarioOverride::parse(const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos)
    throw SweepError(fmt::format("--set {}: expected PATH=VALUE, e.g. replication.conflicts.resolve=merge", assignment));
  const std::string path = assignment.substr(0, eq);
  checkPath(path);
  return ScenarioOverride(path, parseValue(assignment.substr(eq + 1)));
}

nlohmann::json ScenarioOverride::parseValue(const std::string& text) {
  nlohmann::json v = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) return nlohmann::json(text);
  return v;
}

std::string ScenarioOverride::valueText(const nlohmann::json& value) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (parseValue(s) == value) return s;  // "lww" stays lww; "1" must be written "\"1\""
  }
  return value.dump();
}

Status ScenarioOverride::applyTo(nlohmann::json& doc) const {
  const std::vector<std::string> parts = segments(path_);
  nlohmann::json* at = &doc;
  size_t i = 0;
  while (i < parts.size()) {
    if (at->is_array()) {
      if (!isIndex(parts[i])) {
        return Status::error(
            fmt::format("{} is an array: expected an index, found \"{}\"", joined(parts, 0, i), parts[i]));
      }
      const size_t index = std::stoul(parts[i]);
      if (index >= at->size()) {
        return Status::error(fmt::format("{}: the array {}has {} elements", joined(parts, 0, i + 1),
                                         i == 0 ? std::string() : joined(parts, 0, i) + " ", at->size()));
      }
      at = &(*at)[index];
      ++i;
      continue;
    }
    if (at->is_null()) *at = nlohmann::json::object();
    if (!at->is_object()) {
      return Status::error(
          fmt::format("{} is a {}, not an object: cannot set {}", joined(parts, 0, i), at->type_name(), path_));
    }
    size_t used = 1;  // the longest run of segments naming an existing member
    for (size_t n = parts.size() - i; n >= 1; --n)
      if (at->contains(joined(parts, i, i + n))) {
        used = n;
        break;
      }
    at = &(*at)[joined(parts, i, i + used)];
    i += used;
  }
  *at = value_;
  return Status::success();
}

nlohmann::json readScenarioDocument(const std::string& file, ScenarioErrors& errors) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  // Comments are allowed in scenario files (the loader's JsonReader skips them).
  nlohmann::json doc = in ? nlohmann::json::parse(text.str(), nullptr, false, /*ignore_comments=*/true)
                          : nlohmann::json(nullptr);
  if (!in || doc.is_discarded()) {
    errors = loadScenarioFile(file).errors;  // the loader's own messages (missing file, line:column)
    if (errors.empty()) errors.push_back({file, "", "cannot be read as JSON"});
    return nullptr;
  }
  return doc;
}

LoadResult loadOverriddenDocument(nlohmann::json doc, const std::string& file,
                                  const std::vector<ScenarioOverride>& overrides) {
  LoadResult result;
  for (const ScenarioOverride& o : overrides) {
    if (const Status applied = o.applyTo(doc); !applied.ok())
      result.errors.push_back({file, pointerOf(o.path()), fmt::format("--set {}: {}", o.text(), applied.message())});
  }
  if (!result.ok()) return result;
  LoadResult loaded = loadScenarioJson(doc, file, std::filesystem::path(file).parent_path().string());
  // Say which --set an error may come from: the loader only knows the document.
  if (!overrides.empty())
    for (ScenarioError& e : loaded.errors) {
      std::string sets;
      for (const ScenarioOverride& o : overrides) sets += fmt::format("{}--set {}", sets.empty() ? "" : " ", o.text());
      e.message += fmt::format(" (with {})", sets);
    }
  return loaded;
}

LoadResult loadScenarioWithOverrides(const std::string& file, const std::vector<ScenarioOverride>& overrides) {
  if (overrides.empty()) return loadScenarioFile(file);
  LoadResult result;
  nlohmann::json doc = readScenarioDocument(file, result.errors);
  if (!result.ok()) return result;
  return loadOverriddenDocument(std::move(doc), file, overrides);
}

}  // namespace replsim
