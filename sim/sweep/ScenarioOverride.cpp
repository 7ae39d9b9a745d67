#include "sim/sweep/ScenarioOverride.h"

#include <filesystem>
#include <fstream>
#include <sstream>

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
  for (size_t i = from; i < to; ++i) s += (i > from ? "." : "") + parts[i];
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
    if (s.empty()) throw SweepError("--set " + path + ": the path has an empty segment (two dots, or a dot at an end)");
}

ScenarioOverride ScenarioOverride::parse(const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos)
    throw SweepError("--set " + assignment + ": expected PATH=VALUE, e.g. replication.conflicts.resolve=merge");
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

bool ScenarioOverride::applyTo(nlohmann::json& doc, std::string& error) const {
  const std::vector<std::string> parts = segments(path_);
  nlohmann::json* at = &doc;
  size_t i = 0;
  while (i < parts.size()) {
    if (at->is_array()) {
      if (!isIndex(parts[i])) {
        error = joined(parts, 0, i) + " is an array: expected an index, found \"" + parts[i] + "\"";
        return false;
      }
      const size_t index = std::stoul(parts[i]);
      if (index >= at->size()) {
        error = joined(parts, 0, i + 1) + ": the array " + (i == 0 ? "" : joined(parts, 0, i) + " ") + "has " +
                std::to_string(at->size()) + " elements";
        return false;
      }
      at = &(*at)[index];
      ++i;
      continue;
    }
    if (at->is_null()) *at = nlohmann::json::object();
    if (!at->is_object()) {
      error = joined(parts, 0, i) + " is a " + at->type_name() + ", not an object: cannot set " + path_;
      return false;
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
  return true;
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
    std::string error;
    if (!o.applyTo(doc, error)) result.errors.push_back({file, pointerOf(o.path()), "--set " + o.text() + ": " + error});
  }
  if (!result.ok()) return result;
  LoadResult loaded = loadScenarioJson(doc, file, std::filesystem::path(file).parent_path().string());
  // Say which --set an error may come from: the loader only knows the document.
  if (!overrides.empty())
    for (ScenarioError& e : loaded.errors) {
      std::string sets;
      for (const ScenarioOverride& o : overrides) {
        if (!sets.empty()) sets += ' ';
        sets += "--set ";
        sets += o.text();
      }
      e.message += " (with " + sets + ")";
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
