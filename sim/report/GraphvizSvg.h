#pragma once
// GraphvizSvg: renders a DOT file to SVG with Graphviz's `dot` (or `sfdp`),
// when it is installed, and decides which of them a topology is drawn with.
//
// Runs `dot -Tsvg -o SVG_FILE DOT_FILE` (or sfdp), found on PATH, with that fixed
// argument list and no shell (so no file name is ever interpreted), stdin
// and stdout on /dev/null and stderr inherited (dot's own message explains
// a failure). Blocks until dot exits.

#include <cstddef>
#include <string>

#include "sim/core/Status.h"

namespace replsim {

enum class DotOutcome { Rendered, NotInstalled };

// Which Graphviz program draws a topology of that size, or none.
//   Dot   up to kDotMaxNodes nodes and kDotMaxLinks links: the layered
//         layout, readable for small graphs. Its crossing minimisation grows
//         much faster than the number of links (measured, 2-core machine,
//         Graphviz 2.43: all-to-all of 14 leaders (182 links) 0.6 s, 16
//         (240) 2.3 s, 20 (380) 10 s, 24 (552) 40 s, 64 (4032) more than
//         7 minutes; a ring of 1000 nodes 8 s).
//   Sfdp  up to kSfdpMaxNodes nodes and kSfdpMaxLinks links: the multiscale
//         force-directed layout (all-to-all of 24: 0.1 s, of 32 (992
//         links): 0.4 s; a ring of 1000: 0.5 s; a star of 500: 0.5 s; but
//         all-to-all of 64 (4032 links) 3.4 s, of 200: more than 2 minutes).
//   None  bigger: no picture (it would be an unreadable tangle anyway);
//         topology.dot is still written, for `sfdp -Tsvg` by hand.
enum class GraphvizLayout { Dot, Sfdp, None };
inline constexpr size_t kDotMaxNodes = 50, kDotMaxLinks = 200;
inline constexpr size_t kSfdpMaxNodes = 1000, kSfdpMaxLinks = 1000;
GraphvizLayout topologyLayout(size_t nodes, size_t links);
const char* toString(GraphvizLayout layout);  // "dot", "sfdp", "none"

// Rendered, or NotInstalled when there is no `dot` to run; an error saying
// why when dot could not be run or failed ("dot failed (exit status 1)").
// `layout` Sfdp runs sfdp instead of dot (messages name it); None is a
// precondition violation (treated as Dot).
Expected<DotOutcome> renderDotSvg(const std::string& dotFile, const std::string& svgFile,
                                  GraphvizLayout layout = GraphvizLayout::Dot);

}  // namespace replsim
