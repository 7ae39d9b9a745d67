#pragma once
// GraphvizSvg: renders a DOT file to SVG with Graphviz's `dot`, when it is
// installed.
//
// Runs `dot -Tsvg -o SVG_FILE DOT_FILE`, found on PATH, with that fixed
// argument list and no shell (so no file name is ever interpreted), stdin
// and stdout on /dev/null and stderr inherited (dot's own message explains
// a failure). Blocks until dot exits.

#include <string>

namespace replsim {

enum class DotOutcome { Rendered, NotInstalled, Failed };

// On Failed, `error` says why.
DotOutcome renderDotSvg(const std::string& dotFile, const std::string& svgFile, std::string& error);

}  // namespace replsim
