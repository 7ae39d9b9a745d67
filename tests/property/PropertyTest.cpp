// The randomized property test of issue 10: a few hundred generated
// scenarios (ScenarioGenerator), every invariant checked on each
// (PropertyChecker), and the first failure of each invariant shrunk
// (ScenarioShrinker, after WorkloadExpander has written its workload out as
// explicit writes) to a small scenario written under the build folder.
//
//   REPLSIM_PROPERTY_COUNT  how many scenarios (default below)
//   REPLSIM_PROPERTY_SEED   the first seed (default 1); scenario i uses seed + i
//   REPLSIM_PROPERTY_OUT    where shrunk failures go (default build/property-failures)
//   REPLSIM_PROPERTY_VERBOSE when set, one line per scenario on stderr: seed,
//                           wall-clock ms of its run, broken invariants
//   REPLSIM_PROPERTY_KEEP   when set, every failing scenario is also written
//                           unshrunk to OUT/unshrunk/, with index.txt naming
//                           each one's broken invariants
// scripts/soak.sh N [SEED] runs longer campaigns.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/property/PropertyChecker.h"
#include "tests/property/ScenarioGenerator.h"
#include "tests/property/ScenarioShrinker.h"
#include "tests/property/WorkloadExpander.h"

namespace replsim::testing {
namespace {

// About 2 ms of CPU per scenario in Release: 10000 take some 20-30 s on one
// core. The sanitizer build runs several times slower, so it checks fewer.
#if defined(__SANITIZE_ADDRESS__)
#define REPLSIM_PROPERTY_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REPLSIM_PROPERTY_SANITIZED 1
#endif
#endif
#ifdef REPLSIM_PROPERTY_SANITIZED
constexpr uint64_t kDefaultCount = 1000;
#else
constexpr uint64_t kDefaultCount = 10000;
#endif

uint64_t envNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  try {
    return std::stoull(v);
  } catch (const std::exception&) {
    return fallback;
  }
}

std::string outDir() {
  const char* v = std::getenv("REPLSIM_PROPERTY_OUT");
  return v && *v ? v : REPLSIM_PROPERTY_OUT_DEFAULT;
}

bool hasInvariant(const std::vector<Violation>& vs, const std::string& name) {
  for (const Violation& v : vs)
    if (v.invariant == name) return true;
  return false;
}

struct Failure {
  std::vector<uint64_t> seeds;
  std::string message;     // of the first seed
  std::string shrunkFile;  // of the first seed
  std::string shrunkJson;
};

}  // namespace

TEST_CASE("sim::Properties: random scenarios keep every invariant", "[property]") {
  const uint64_t count = envNumber("REPLSIM_PROPERTY_COUNT", kDefaultCount);
  const uint64_t base = envNumber("REPLSIM_PROPERTY_SEED", 1);
  const std::string out = outDir();
  const bool keep = std::getenv("REPLSIM_PROPERTY_KEEP") != nullptr;
  const bool verbose = std::getenv("REPLSIM_PROPERTY_VERBOSE") != nullptr;
  const std::string scratch = (std::filesystem::path(out) / "scratch").string();
  std::map<std::string, Failure> failures;  // by invariant
  for (uint64_t seed = base; seed < base + count; ++seed) {
    const ScenarioCase c = ScenarioGenerator::generate(seed);
    const auto started = std::chrono::steady_clock::now();
    const std::vector<Violation> violations = PropertyChecker::check(c, scratch);
    if (verbose) {
      std::cerr << "seed " << seed << ": "
                << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
                << " ms";
      for (const std::string& name : PropertyChecker::names(violations)) std::cerr << " " << name;
      std::cerr << "\n";
    }
    if (keep && !violations.empty()) {
      const std::string dir = (std::filesystem::path(out) / "unshrunk").string();
      c.write(dir, fmt::format("seed{}", seed));
      std::ofstream index(std::filesystem::path(dir) / "index.txt", std::ios::app);
      index << "seed" << seed << ".json";
      for (const std::string& name : PropertyChecker::names(violations)) index << " " << name;
      index << "\n";
    }
    for (const std::string& name : PropertyChecker::names(violations)) {
      Failure& f = failures[name];
      f.seeds.push_back(seed);
      if (f.seeds.size() > 1) continue;
      for (const Violation& v : violations)
        if (v.invariant == name) f.message += v.message + "\n";
      const auto stillFails = [&](const ScenarioCase& candidate) {
        return hasInvariant(PropertyChecker::check(candidate, scratch), name);
      };
      // Explicit writes shrink one by one; a workload only as a whole.
      const std::optional<ScenarioCase> expanded = WorkloadExpander::expand(c, scratch);
      ScenarioCase small =
          ScenarioShrinker::shrink(expanded && stillFails(*expanded) ? *expanded : c, stillFails);
      small.scenario["description"] = "Shrunk from seed " + std::to_string(seed) + " of the randomized property test; "
                                      "breaks the invariant " + name + ".";
      const std::string file = name + "-seed" + std::to_string(seed);
      f.shrunkFile = small.write(out, file);
      f.shrunkJson = small.scenario.dump(2);
      if (!small.dot.empty()) f.shrunkJson += "\n(with " + small.dotFile + ":)\n" + small.dot;
      for (const Violation& v : PropertyChecker::check(small, scratch))
        if (v.invariant == name) f.message += "shrunk: " + v.message + "\n";
    }
  }
  std::ostringstream report;
  for (const auto& [name, f] : failures) {
    report << "\n=== invariant " << name << " broken by " << f.seeds.size() << " of " << count << " scenarios (seeds";
    for (size_t i = 0; i < f.seeds.size() && i < 12; ++i) report << " " << f.seeds[i];
    if (f.seeds.size() > 12) report << " ...";
    report << ")\n" << f.message << "shrunk scenario (" << f.shrunkFile << "):\n" << f.shrunkJson << "\n";
  }
  INFO(count << " scenarios from seed " << base << "; shrunk failures in " << out);
  if (!failures.empty()) FAIL(report.str());
  SUCCEED();
}

}  // namespace replsim::testing
