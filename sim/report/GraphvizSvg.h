#pragma once
// GraphvizSvg: renders a DOT file to SVG with Graphviz's `dot`, when it is
// installed.
//
// Runs `dot -Tsvg -o SVG_FILE DOT_FILE`, found on PATH, with that fixed
// argument list and no shell (so no file name is ever interpreted), stdin
// and stdout on /dev/null and stderr inherited (dot's own message explains
// a failure). Blocks until dot exits.

#include <string>

#include "sim/core/Status.h"

namespace replsim {

enum class DotOutcome { Rendered, NotInstalled };

// Rendered, or NotInstalled when there is no `dot` to run; an error saying
// why when dot could not be run or failed ("dot failed (exit status 1)").
Expected<DotOutcome> renderDotSvg(const std::string& dotFile, const std::string& svgFile);

}  // namespace replsim
