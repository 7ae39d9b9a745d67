#include "sim/cli/ScenarioInput.h"

#include <iterator>

#include "sim/scenario/ScenarioWarnings.h"

namespace replsim {

LoadResult loadScenarioArgument(const std::string& argument, std::istream& in) {
  if (argument != "-") return loadScenarioFile(argument);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return loadScenarioText(text, kStdinName, ".");
}

LoadResult loadScenarioArgument(const std::string& argument, std::istream& in,
                                const std::vector<ScenarioOverride>& overrides) {
  if (overrides.empty()) return loadScenarioArgument(argument, in);
  if (argument != "-") return loadScenarioWithOverrides(argument, overrides);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false, /*ignore_comments=*/true);
  if (doc.is_discarded()) return loadScenarioText(text, kStdinName, ".");  // the loader's own messages
  return loadOverriddenDocument(std::move(doc), kStdinName, overrides);
}

bool reportLoadErrors(const LoadResult& loaded, std::ostream& err) {
  for (const ScenarioError& e : loaded.errors) err << e.render() << "\n";
  return loaded.ok();
}

void reportWarnings(const Scenario& scenario, std::optional<SimTime> until, std::ostream& err) {
  for (const ScenarioError& w : scenarioWarnings(scenario, until)) err << w.render() << "\n";
}

}  // namespace replsim
