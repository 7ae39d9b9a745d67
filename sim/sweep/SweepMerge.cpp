#include "sim/sweep/SweepMerge.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "sim/sweep/SweepError.h"

namespace replsim {
namespace {

using json = nlohmann::json;

bool wholeNumber(const json& v) { return v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0); }

// Checked access: throws "FILE: /path: what" when the shape is wrong.
struct Reader {
  const std::string& file;

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw SweepError(fmt::format("{}: {}: {} (not a part written by replsim sweep --format json?)", file, path, what));
  }
  const json& member(const json& at, const std::string& path, const char* key, json::value_t type) const {
    if (!at.is_object() || !at.contains(key)) fail(path, fmt::format("missing \"{}\"", key));
    const json& v = at[key];
    const bool ok = type == json::value_t::number_unsigned ? wholeNumber(v) : v.type() == type;
    if (!ok) fail(fmt::format("{}/{}", path, key), fmt::format("expected a {}", json(type).type_name()));
    return v;
  }
};

}  // namespace

SweepResult SweepMerge::readPart(const json& doc, const std::string& file) {
  const Reader rd{file};
  using T = json::value_t;
  if (!doc.is_object() || !doc.contains("replsim_sweep") || doc["replsim_sweep"] != 1)
    rd.fail("/replsim_sweep", "expected 1");
  SweepResult r;
  const json& scenario = rd.member(doc, "", "scenario", T::object);
  r.scenarioFile = rd.member(scenario, "/scenario", "file", T::string).get<std::string>();
  r.scenarioName = rd.member(scenario, "/scenario", "name", T::string).get<std::string>();
  r.scenarioDigest = rd.member(scenario, "/scenario", "digest", T::string).get<std::string>();
  const json& params = rd.member(doc, "", "parameters", T::array);
  for (size_t i = 0; i < params.size(); ++i) {
    const std::string at = "/parameters/" + std::to_string(i);
    SweepGrid::Parameter p;
    p.path = rd.member(params[i], at, "path", T::string).get<std::string>();
    for (const json& v : rd.member(params[i], at, "values", T::array)) p.values.push_back(v);
    if (p.values.empty()) rd.fail(at + "/values", "empty");
    r.parameters.push_back(std::move(p));
  }
  const json& seeds = rd.member(doc, "", "seeds", T::object);
  r.firstSeed = rd.member(seeds, "/seeds", "first", T::number_unsigned).get<uint64_t>();
  r.lastSeed = rd.member(seeds, "/seeds", "last", T::number_unsigned).get<uint64_t>();
  if (r.lastSeed < r.firstSeed) rd.fail("/seeds", "first > last");
  if (doc.contains("shard")) {
    const json& shard = rd.member(doc, "", "shard", T::object);
    r.shardIndex = rd.member(shard, "/shard", "index", T::number_unsigned).get<uint32_t>();
    r.shardCount = rd.member(shard, "/shard", "count", T::number_unsigned).get<uint32_t>();
    if (r.shardIndex < 1 || r.shardIndex > r.shardCount) rd.fail("/shard", "index outside 1..count");
  }
  const json& metrics = rd.member(doc, "", "metrics", T::array);
  for (size_t m = 0; m < metrics.size(); ++m) {
    const std::string at = "/metrics/" + std::to_string(m);
    r.metrics.push_back(rd.member(metrics[m], at, "name", T::string).get<std::string>());
    r.proportion.push_back(rd.member(metrics[m], at, "kind", T::string) == "proportion");
  }
  const SweepGrid grid = SweepGrid::of(r.parameters);
  const json& cells = rd.member(doc, "", "cells", T::array);
  if (cells.size() != grid.cellCount())
    rd.fail("/cells", fmt::format("expected {} cells, found {}", grid.cellCount(), cells.size()));
  const std::vector<uint64_t> expectedSeeds = shardSeeds(r.firstSeed, r.lastSeed, r.shardIndex, r.shardCount);
  for (size_t c = 0; c < cells.size(); ++c) {
    const std::string at = "/cells/" + std::to_string(c);
    SweepCell cell{grid.cell(c), {}};
    const json& cellSeeds = rd.member(cells[c], at, "seeds", T::array);
    std::vector<uint64_t> seedList;
    for (const json& s : cellSeeds) {
      if (!wholeNumber(s)) rd.fail(at + "/seeds", "expected whole numbers");
      seedList.push_back(s.get<uint64_t>());
    }
    if (seedList != expectedSeeds)
      rd.fail(at + "/seeds",
              fmt::format("not the seeds of shard {}/{} of {}..{}", r.shardIndex, r.shardCount, r.firstSeed, r.lastSeed));
    for (uint64_t s : seedList) cell.runs.push_back({s, 0, "", {}});
    const json& values = rd.member(cells[c], at, "values", T::object);
    for (const std::string& m : r.metrics) {
      const json& column = rd.member(values, at + "/values", m.c_str(), T::array);
      if (column.size() != seedList.size()) rd.fail(at + "/values/" + m, "expected one value per seed");
      for (size_t i = 0; i < column.size(); ++i) {
        if (!column[i].is_null() && !column[i].is_number()) rd.fail(at + "/values/" + m, "expected numbers or null");
        cell.runs[i].values.push_back(column[i].is_null() ? std::nullopt : std::optional<double>(column[i].get<double>()));
      }
    }
    const json& failures = rd.member(cells[c], at, "failures", T::array);
    for (size_t f = 0; f < failures.size(); ++f) {
      const std::string fat = at + "/failures/" + std::to_string(f);
      const uint64_t seed = rd.member(failures[f], fat, "seed", T::number_unsigned).get<uint64_t>();
      const auto run = std::find_if(cell.runs.begin(), cell.runs.end(), [&](const SweepRun& x) { return x.seed == seed; });
      if (run == cell.runs.end()) rd.fail(fat + "/seed", "not one of the cell's seeds");
      const json& status = rd.member(failures[f], fat, "status", T::number_unsigned);
      run->status = status.get<int>();
      run->reason = rd.member(failures[f], fat, "reason", T::string).get<std::string>();
    }
    r.cells.push_back(std::move(cell));
  }
  return r;
}

SweepResult SweepMerge::readPartFile(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SweepError(fmt::format("{}: cannot be read", file));
  std::ostringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) throw SweepError(fmt::format("{}: not JSON (expected a part written by replsim sweep --format json)", file));
  return readPart(doc, file);
}

SweepResult SweepMerge::merge(const std::vector<SweepResult>& parts, const std::vector<std::string>& files) {
  const SweepResult& first = parts.front();
  auto differ = [&](size_t i, const std::string& what) {
    throw SweepError(fmt::format("{} is a part of a different sweep than {}: {} differs", files[i], files[0], what));
  };
  auto sameGrid = [](const SweepResult& a, const SweepResult& b) {
    if (a.parameters.size() != b.parameters.size()) return false;
    for (size_t p = 0; p < a.parameters.size(); ++p)
      if (a.parameters[p].path != b.parameters[p].path || a.parameters[p].values != b.parameters[p].values) return false;
    return true;
  };
  for (size_t i = 1; i < parts.size(); ++i) {
    const SweepResult& p = parts[i];
    if (p.scenarioDigest != first.scenarioDigest) differ(i, fmt::format("the scenario (digest {} vs {})", p.scenarioDigest, first.scenarioDigest));
    if (!sameGrid(p, first)) differ(i, "the grid (--set)");
    if (p.firstSeed != first.firstSeed || p.lastSeed != first.lastSeed) differ(i, "the seed range (--seeds)");
    if (p.metrics != first.metrics) differ(i, "the metrics (--metrics)");
    if (p.shardCount != first.shardCount)
      differ(i, fmt::format("the shard count ({} vs {})", p.shardCount, first.shardCount));
  }
  std::map<uint32_t, std::vector<std::string>> byShard;
  for (size_t i = 0; i < parts.size(); ++i) byShard[parts[i].shardIndex].push_back(files[i]);
  std::string problems;
  for (const auto& [index, names] : byShard)
    if (names.size() > 1) {
      problems += fmt::format("\n  shard {}/{} is given {} times:", index, first.shardCount, names.size());
      for (const std::string& n : names) problems += fmt::format(" {}", n);
    }
  std::string missing;
  size_t missingCount = 0;
  for (uint32_t s = 1; s <= first.shardCount; ++s)
    if (!byShard.count(s) && missingCount++ < 50) missing += fmt::format("{}{}", missing.empty() ? "" : ", ", s);
  if (missingCount > 0)
    problems += fmt::format("\n  missing {}{}{} of {} ({} missing)", missingCount == 1 ? "shard " : "shards ", missing,
                            missingCount > 50 ? ", ..." : "", first.shardCount, missingCount);
  if (!problems.empty()) throw SweepError(fmt::format("cannot merge:{}", problems));

  SweepResult merged = first;
  merged.shardIndex = merged.shardCount = 1;
  for (size_t m = 0; m < merged.metrics.size(); ++m)
    for (const SweepResult& p : parts) merged.proportion[m] = merged.proportion[m] || p.proportion[m];
  for (size_t c = 0; c < merged.cells.size(); ++c) {
    std::vector<SweepRun>& runs = merged.cells[c].runs;
    runs.clear();
    for (const SweepResult& p : parts) runs.insert(runs.end(), p.cells[c].runs.begin(), p.cells[c].runs.end());
    std::sort(runs.begin(), runs.end(), [](const SweepRun& a, const SweepRun& b) { return a.seed < b.seed; });
  }
  return merged;
}

}  // namespace replsim
