#include <catch2/catch.hpp>

#include "sim/sweep/SweepError.h"
#include "sim/sweep/SweepGrid.h"

using replsim::SweepError;
using replsim::SweepGrid;
using json = nlohmann::json;

namespace {
std::string dumped(const std::vector<json>& values) { return json(values).dump(); }
}  // namespace

TEST_CASE("sim::SweepGrid: value lists, ranges and the cross product", "[sweep]") {
  SECTION("a comma list of strings and numbers") {
    CHECK(dumped(SweepGrid::expandValues("lww,merge")) == R"(["lww","merge"])");
    CHECK(dumped(SweepGrid::expandValues("0,0.05,0.1")) == "[0,0.05,0.1]");
  }
  SECTION("commas inside JSON values do not split") {
    CHECK(dumped(SweepGrid::expandValues(R"({"dist":"uniform","min":1,"max":5},[1,2],"a,b")")) ==
          R"([{"dist":"uniform","max":5,"min":1},[1,2],"a,b"])");
  }
  SECTION("ranges: integers, decimals without float noise, default step 1") {
    CHECK(dumped(SweepGrid::expandValues("10..100/10")) == "[10,20,30,40,50,60,70,80,90,100]");
    CHECK(dumped(SweepGrid::expandValues("0..0.2/0.05")) == "[0,0.05,0.1,0.15,0.2]");
    CHECK(dumped(SweepGrid::expandValues("1..3")) == "[1,2,3]");
    CHECK(dumped(SweepGrid::expandValues("1..10/4")) == "[1,5,9]");  // stops before passing TO
    CHECK(dumped(SweepGrid::expandValues("0,5..6,lww")) == R"([0,5,6,"lww"])");
  }
  SECTION("bad ranges and lists") {
    CHECK_THROWS_AS(SweepGrid::expandValues("5..1"), SweepError);
    CHECK_THROWS_AS(SweepGrid::expandValues("1..5/0"), SweepError);
    CHECK_THROWS_AS(SweepGrid::expandValues("a..b"), SweepError);
    CHECK_THROWS_AS(SweepGrid::expandValues("1,,2"), SweepError);
    CHECK_THROWS_AS(SweepGrid::expandValues("0..1e9/1"), SweepError);  // too many values
  }
  SECTION("cells: the cross product, first parameter slowest") {
    const SweepGrid grid({"a=x,y", "b.c=1..3"});
    REQUIRE(grid.cellCount() == 6);
    std::vector<std::string> cells;
    for (size_t i = 0; i < grid.cellCount(); ++i) {
      std::string s;
      for (const auto& o : grid.cell(i)) s += o.text() + " ";
      cells.push_back(s);
    }
    CHECK(cells == std::vector<std::string>{"a=x b.c=1 ", "a=x b.c=2 ", "a=x b.c=3 ", "a=y b.c=1 ", "a=y b.c=2 ",
                                            "a=y b.c=3 "});
  }
  SECTION("no parameters: one cell with no overrides") {
    const SweepGrid grid(std::vector<std::string>{});
    CHECK(grid.cellCount() == 1);
    CHECK(grid.cell(0).empty());
  }
  SECTION("a path given twice, or no '=', is an error naming the --set") {
    CHECK_THROWS_WITH(SweepGrid({"a=1", "a=2"}), Catch::Contains("--set a is given twice"));
    CHECK_THROWS_WITH(SweepGrid({"a"}), Catch::Contains("expected PATH=V1,V2"));
    CHECK_THROWS_WITH(SweepGrid({"a=3..1"}), Catch::Contains("--set a=3..1"));
  }
}
