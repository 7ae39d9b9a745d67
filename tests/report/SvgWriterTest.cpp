#include "sim/report/SvgWriter.h"

#include <catch2/catch.hpp>

#include <string>

using namespace replsim;

namespace {

// A small document, with a point at which a caller may take the text so far.
std::string document(bool takeMidway) {
  SvgWriter w;
  std::string taken;
  w.open("html");
  w.open("body", {{"class", "a&b"}});
  w.element("p", {}, "x < y");
  if (takeMidway) taken = w.take();
  w.raw("<hr/>");
  w.close();
  w.close();
  return taken + w.str();
}

}  // namespace

TEST_CASE("report::SvgWriter: take() hands out the text so far and keeps the open elements", "[report]") {
  SECTION("the pieces make the same document as one piece") {
    CHECK(document(true) == document(false));
    CHECK(document(false) == "<html>\n<body class=\"a&amp;b\">\n<p>x &lt; y</p>\n<hr/></body>\n</html>\n");
  }
  SECTION("after take() the writer holds only what comes next") {
    SvgWriter w;
    w.open("g");
    CHECK(w.take() == "<g>\n");
    w.close();
    CHECK(w.str() == "</g>\n");
  }
}
