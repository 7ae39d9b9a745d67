#include "sim/sweep/SweepResult.h"

#include <cassert>

namespace replsim {

size_t SweepCell::failed() const {
  size_t n = 0;
  for (const SweepRun& r : runs) n += r.status != 0;
  return n;
}

size_t SweepResult::runCount() const {
  size_t n = 0;
  for (const SweepCell& c : cells) n += c.runs.size();
  return n;
}

size_t SweepResult::failedCount() const {
  size_t n = 0;
  for (const SweepCell& c : cells) n += c.failed();
  return n;
}

SampleStatistics SweepResult::statistics(size_t cell, size_t metric) const {
  std::vector<double> values;
  for (const SweepRun& r : cells[cell].runs)
    if (r.values[metric]) values.push_back(*r.values[metric]);
  return SampleStatistics::of(std::move(values), proportion[metric]);
}

std::string shellQuote(const std::string& token) {
  const bool safe = !token.empty() && token.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                              "0123456789_./=,:+-@%") == std::string::npos;
  if (safe) return token;
  std::string q = "'";
  for (char c : token) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string SweepResult::replayCommand(size_t cell, uint64_t seed) const {
  std::string cmd = "replsim run " + shellQuote(scenarioFile) + " --seed " + std::to_string(seed);
  for (const ScenarioOverride& o : cells[cell].set) cmd += " --set " + shellQuote(o.text());
  return cmd;
}

std::string SweepResult::cellLabel(size_t cell) const {
  std::string label;
  for (const ScenarioOverride& o : cells[cell].set) {
    const size_t dot = o.path().rfind('.');
    if (!label.empty()) label += ' ';
    label += o.path().substr(dot == std::string::npos ? 0 : dot + 1) + "=" + ScenarioOverride::valueText(o.value());
  }
  return label.empty() ? "(scenario as is)" : label;
}

std::vector<uint64_t> shardSeeds(uint64_t first, uint64_t last, uint32_t index, uint32_t count) {
  assert(index >= 1 && index <= count && first <= last);
  std::vector<uint64_t> seeds;
  for (uint64_t s = first + (index - 1); s >= first && s <= last; s += count) seeds.push_back(s);
  return seeds;
}

}  // namespace replsim
