#include "sim/report/GraphvizSvg.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

using namespace replsim;
namespace fs = std::filesystem;

// renderDotSvg's outcomes as values: drawn, no Graphviz (not an error), or
// dot failing on the file (an error with dot's exit status, which
// writeRunArtifacts turns into a warning).
TEST_CASE("report::GraphvizSvg: a failing dot is an error value; a missing one is not an error", "[report]") {
  const fs::path dir = fs::temp_directory_path() / ("replsim-graphviz-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "good.dot") << "digraph { A -> B }\n";
  std::ofstream(dir / "bad.dot") << "digraph { A -> ; }\n";

  const Expected<DotOutcome> good = renderDotSvg((dir / "good.dot").string(), (dir / "good.svg").string());
  REQUIRE(good.ok());
  if (*good == DotOutcome::NotInstalled) {
    WARN("Graphviz's dot is not installed: only the not-installed outcome is checked");
    CHECK_FALSE(fs::exists(dir / "good.svg"));
  } else {
    CHECK(*good == DotOutcome::Rendered);
    CHECK(fs::file_size(dir / "good.svg") > 0);
    SECTION("a file dot cannot read") {
      const Expected<DotOutcome> bad = renderDotSvg((dir / "bad.dot").string(), (dir / "bad.svg").string());
      REQUIRE_FALSE(bad.ok());
      CHECK(bad.error() == "dot failed (exit status 1)");
    }
  }
  fs::remove_all(dir);
}
