#include "tests/property/ScenarioCase.h"

#include <filesystem>
#include <fstream>

namespace replsim::testing {

namespace {
void writeText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}
}  // namespace

std::string ScenarioCase::write(const std::string& dir, const std::string& name) const {
  std::filesystem::create_directories(dir);
  if (!dot.empty()) writeText(std::filesystem::path(dir) / dotFile, dot);
  const auto path = std::filesystem::path(dir) / (name + ".json");
  writeText(path, scenario.dump(2) + "\n");
  return path.string();
}

LoadResult ScenarioCase::load(const std::string& dir) const {
  std::filesystem::create_directories(dir);
  if (!dot.empty()) writeText(std::filesystem::path(dir) / dotFile, dot);
  const nlohmann::json doc = nlohmann::json::parse(scenario.dump());
  return loadScenarioJson(doc, (std::filesystem::path(dir) / "scenario.json").string(), dir);
}

}  // namespace replsim::testing
