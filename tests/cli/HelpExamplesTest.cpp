// Every "Example: replsim ..." line of every --help text exists and runs:
// the examples are what a newcomer copies first.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/TestSupport.h"

using replsim::testing::cli;
using replsim::testing::CliRun;
namespace fs = std::filesystem;

namespace {

// The commands of an "Example:" line: "replsim a b   or   replsim c" -> {{a, b}, {c}}.
std::vector<std::vector<std::string>> examplesIn(const std::string& help) {
  std::vector<std::vector<std::string>> out;
  std::istringstream lines(help);
  std::string line;
  while (std::getline(lines, line)) {
    const auto at = line.find("Example: ");
    if (at == std::string::npos) continue;
    std::string rest = line.substr(at + 9);
    for (size_t start = 0; start != std::string::npos;) {
      const size_t orAt = rest.find("   or   ", start);
      const std::string command = rest.substr(start, orAt == std::string::npos ? std::string::npos : orAt - start);
      start = orAt == std::string::npos ? orAt : orAt + 8;
      std::istringstream words(command);
      std::vector<std::string> args;
      std::string w;
      words >> w;
      REQUIRE(w == "replsim");
      while (words >> w) args.push_back(w);
      out.push_back(args);
    }
  }
  return out;
}

// scenarios/*.json -> the matching files (sorted), as a shell would.
std::vector<std::string> expand(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const std::string& a : args) {
    const auto star = a.find('*');
    if (star == std::string::npos) {
      out.push_back(a);
      continue;
    }
    const fs::path dir = fs::path(a).parent_path();
    const std::string suffix = a.substr(star + 1);
    std::vector<std::string> matches;
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        matches.push_back((dir / name).string());
    }
    std::sort(matches.begin(), matches.end());
    REQUIRE_FALSE(matches.empty());
    out.insert(out.end(), matches.begin(), matches.end());
  }
  return out;
}

}  // namespace

TEST_CASE("cli::Cli: every --help example exists and runs", "[cli]") {
  // Examples name files relative to the source tree, as a user in a clone types them.
  struct InSourceDir {
    fs::path before = fs::current_path();
    InSourceDir() { fs::current_path(REPLSIM_SOURCE_DIR); }
    ~InSourceDir() { fs::current_path(before); }
  } inSourceDir;
  std::vector<std::vector<std::string>> examples = examplesIn(cli({"--help"}).out);
  for (const char* sub : {"run", "validate", "topology", "compare", "schema", "init", "visibility"}) {
    const CliRun help = cli({sub, "--help"});
    REQUIRE(help.status == 0);
    const auto found = examplesIn(help.out);
    CHECK_FALSE(found.empty());  // every subcommand shows one
    examples.insert(examples.end(), found.begin(), found.end());
  }
  // The main help repeats the subcommands' descriptions: run each example once.
  std::sort(examples.begin(), examples.end());
  examples.erase(std::unique(examples.begin(), examples.end()), examples.end());
  CHECK(examples.size() >= 7);
  for (const auto& args : examples) {
    std::string shown = "replsim";
    for (const auto& a : args) shown += " " + a;
    DYNAMIC_SECTION(shown) {
      for (const auto& a : args)
        if (a.find(".json") != std::string::npos && a.find('*') == std::string::npos) CHECK(fs::exists(a));
      const CliRun r = cli(expand(args));
      INFO(r.err);
      CHECK(r.status == 0);
      CHECK_FALSE(r.out.empty());
    }
  }
}
